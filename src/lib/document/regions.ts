/**
 * Bright regions of a small grey image at one threshold: the largest connected region and the measures that
 * say whether it is shaped like a sheet of paper. The detector asks this at many thresholds.
 */
import {
  BEYOND_PHOTO,
  clipPolygon,
  completeCutCorners,
  convexHullOfRows,
  hullScratch,
  largestQuadInHull,
  orderQuad,
  polygonArea,
  rectQuad,
  type HullScratch,
  type Quad,
} from './geometry'
import type { GreyImage } from './raster'

/** The largest region at or above one threshold, described by its shape. */
export interface Region {
  threshold: number
  /** Pixels in the region. */
  count: number
  /**
   * Corners of the largest quadrilateral inside the region's hull, in pixels, [tl, tr, br, bl]; a corner the
   * photo's edge cuts off is put back where the sides meet beyond it (completeCutCorners).
   */
  quad: Quad
  /** The quad's area inside the photo. */
  quadArea: number
  /** Quad area over hull area: 1 for a region that is a quadrilateral (cut off by the photo's edge or not). */
  quadness: number
  /** Row-span area over hull area: how convex the outline is, ignoring holes such as text. */
  solidity: number
  /** Pixels over row-span area: how much of the outline is bright (text lowers it a little). */
  density: number
  /** Pixels in the rows' spans (each row from the region's first pixel to its last). */
  spanArea: number
  /** Quad area over the image's. */
  areaFraction: number
}

/**
 * Runs of bright pixels along each row at each of several thresholds: at `thresholds[k]`, the runs numbered
 * `first[k]` to `first[k + 1]` (exclusive), each x in [`start`, `end`) on `row`, in raster order.
 */
export interface ThresholdRuns {
  width: number
  height: number
  thresholds: readonly number[]
  first: Int32Array
  start: Coordinates
  end: Coordinates
  row: Coordinates
  /** The most runs at any one threshold: what `regionScratch` needs room for. */
  mostRuns: number
}

/** x or y of a run: 16 bits for any image detection sees (its long side ≤ 512), 32 beyond 65 535 px. */
type Coordinates = Uint16Array | Int32Array

/**
 * Memory findRuns may write its 16-bit runs into: at least `bytes` long, its old contents overwritten. The
 * worker lends the same buffer photo after photo (a dull photo's runs are ~2 MB, left as garbage the
 * worker collected only every few photos); elsewhere each call makes its own.
 */
export type RunsRoom = (bytes: number) => ArrayBuffer

/**
 * The runs at every threshold (ascending), found in two passes over the image rather than one per
 * threshold. A run at a threshold starts where a row climbs to or above it and ends where it falls below,
 * so walking a row once and noting which thresholds each step up or down crosses finds them all; on a
 * smooth image that is far fewer steps than pixels times thresholds. The first pass counts each
 * threshold's runs, so the second can write them straight into place.
 */
export function findRuns(image: GreyImage, thresholds: readonly number[], room?: RunsRoom): ThresholdRuns {
  const { width, height, data } = image
  // A pixel's level: how many of the thresholds it reaches. It is in a run at thresholds[k] when level > k.
  const levelOf = new Uint8Array(256)
  for (let v = 0; v < 256; v++) levelOf[v] = thresholds.filter((t) => v >= t).length
  const levels = thresholds.length
  // A step up from level p to level l starts a run at each threshold in [p, l): counted as +1 at p and −1 at
  // l, summed once at the end, rather than threshold by threshold at every step (a step across print crosses
  // dozens).
  const count = new Int32Array(levels + 1)
  for (let y = 0; y < height; y++) {
    let previous = 0
    for (let i = y * width, end = i + width; i < end; i++) {
      const level = levelOf[data[i]!]!
      if (level > previous) {
        count[previous]!++
        count[level]!--
      }
      previous = level
    }
  }
  for (let k = 1; k < levels; k++) count[k]! += count[k - 1]!
  const first = new Int32Array(levels + 1)
  for (let k = 0; k < levels; k++) first[k + 1] = first[k]! + count[k]!
  const mostRuns = Math.max(0, ...count.subarray(0, levels))
  const { start, end, row } = runArrays(first[levels]!, Math.max(width, height) < 65536, room)
  // Where each threshold's next run goes; a threshold has at most one run open at a time.
  const next = first.slice(0, levels)
  for (let y = 0; y < height; y++) {
    let previous = 0
    for (let x = 0; x <= width; x++) {
      // One step past the row's end, at level 0, closes the runs still open.
      const level = x < width ? levelOf[data[y * width + x]!]! : 0
      for (let k = previous; k < level; k++) {
        start[next[k]!] = x
        row[next[k]!] = y
      }
      for (let k = level; k < previous; k++) end[next[k]!++] = x
      previous = level
    }
  }
  return { width, height, thresholds, first, start, end, row, mostRuns }
}

/** Three arrays of `count` coordinates: 16-bit ones in `room` where given, else made here. */
function runArrays(count: number, fitsIn16: boolean, room?: RunsRoom): { start: Coordinates; end: Coordinates; row: Coordinates } {
  if (!fitsIn16) return { start: new Int32Array(count), end: new Int32Array(count), row: new Int32Array(count) }
  // Half the bytes of 32-bit coordinates: a dull photo with no sheet has ~350 000 runs, ~2 MB this way.
  const buffer = room ? room(count * 6) : new ArrayBuffer(count * 6)
  return {
    start: new Uint16Array(buffer, 0, count),
    end: new Uint16Array(buffer, count * 2, count),
    row: new Uint16Array(buffer, count * 4, count),
  }
}

/** Scratch space for `largestRegion`, made once per image size and reused at every threshold. */
export interface RegionScratch {
  /** Per run of bright pixels along a row: its union-find parent and size. */
  parent: Int32Array
  size: Int32Array
  /** Per row: the largest region's span there, x in [left, right), or left = −1 where it has none. */
  left: Int32Array
  right: Int32Array
  hull: HullScratch
  /** The last outline measured and the spans it was measured from (see `outlineOf`). */
  outline: Outline | null
  outlineLeft: Int32Array
  outlineRight: Int32Array
}

/** What the largest region's shape comes to: the quad inside its hull, and the hull's area. */
interface Outline {
  quad: Quad | null
  quadArea: number
  hullArea: number
}

/**
 * Room for `runs` runs: by default the most an image can hold (⌈width / 2⌉ a row, bright and dark pixels
 * alternating); `findRuns` tells the most there really are, a fraction of that on a photo.
 */
export function regionScratch(width: number, height: number, runs = Math.ceil(width / 2) * height): RegionScratch {
  return {
    parent: new Int32Array(runs),
    size: new Int32Array(runs),
    left: new Int32Array(height),
    right: new Int32Array(height),
    hull: hullScratch(height),
    outline: null,
    outlineLeft: new Int32Array(height),
    outlineRight: new Int32Array(height),
  }
}

/**
 * The largest 4-connected region of pixels ≥ `threshold`, measured; null when it is too small to matter
 * (under `minFraction` of the image). For one threshold; the detector asks many and finds their runs at once
 * with `findRuns`, then calls `largestRegionAt`.
 */
export function largestRegion(image: GreyImage, threshold: number, scratch: RegionScratch, minFraction = 0.02): Region | null {
  return largestRegionAt(findRuns(image, [threshold]), 0, scratch, minFraction)
}

/**
 * `largestRegion` at `runs.thresholds[level]`. Regions are the runs of bright pixels along each row, joined
 * to the runs they touch on the row above (union-find): a per-pixel flood fill at every threshold was most
 * of the document step's time (measured in bench/images/stages.ts).
 */
export function largestRegionAt(runs: ThresholdRuns, level: number, scratch: RegionScratch, minFraction = 0.02): Region | null {
  const { width, height } = runs
  const total = width * height
  const threshold = runs.thresholds[level]!
  // This threshold's runs, numbered from 0 here for the union-find.
  const from = runs.first[level]!
  const count = runs.first[level + 1]! - from
  const start = runs.start.subarray(from)
  const end = runs.end.subarray(from)
  const runRow = runs.row.subarray(from)
  const { parent, size, left, right } = scratch
  for (let r = 0; r < count; r++) {
    parent[r] = r
    size[r] = end[r]! - start[r]!
  }
  // Join each run to the runs it overlaps on the row above; both rows are in order of x.
  let above = 0
  for (let first = 0; first < count;) {
    const y = runRow[first]!
    let last = first
    while (last < count && runRow[last] === y) last++
    while (above < first && runRow[above]! < y - 1) above++
    for (let i = above, j = first; i < first && j < last;) {
      if (start[i]! < end[j]! && start[j]! < end[i]!) {
        const a = rootOf(parent, i)
        const b = rootOf(parent, j)
        if (a !== b) {
          // The older run stays the root, so a region's root is its first run in raster order.
          const keep = a < b ? a : b
          const join = a < b ? b : a
          parent[join] = keep
          size[keep]! += size[join]!
        }
      }
      if (end[i]! < end[j]!) i++
      else j++
    }
    above = first
    first = last
  }
  // The largest region; between equal ones, the first in raster order.
  let best = -1
  let bestCount = 0
  for (let r = 0; r < count; r++) {
    if (parent[r] === r && size[r]! > bestCount) {
      bestCount = size[r]!
      best = r
    }
  }
  if (bestCount < minFraction * total) return null

  // Each row's span of the region: from its first run's start to its last run's end.
  left.fill(-1)
  let spanArea = 0
  for (let r = 0; r < count; r++) {
    // A run's parent is never after it, so in raster order its parent's root is already known.
    if (parent[r] !== r) parent[r] = parent[parent[r]!]!
    if (parent[r] !== best) continue
    const y = runRow[r]!
    if (left[y]! < 0) left[y] = start[r]!
    else spanArea -= right[y]! - left[y]!
    right[y] = end[r]!
    spanArea += right[y]! - left[y]!
  }
  const { quad, quadArea, hullArea } = outlineOf(scratch, width, height)
  if (!quad || hullArea <= 0) return null
  return {
    threshold,
    count: bestCount,
    // A copy: the same outline may be given to the next threshold's region too.
    quad: quad.slice() as Quad,
    quadArea,
    quadness: quadArea / hullArea,
    solidity: spanArea / hullArea,
    density: bestCount / spanArea,
    spanArea,
    areaFraction: quadArea / total,
  }
}

/** The union-find root of a run, halving the path on the way (a function, not a closure: it runs per join). */
function rootOf(parent: Int32Array, run: number): number {
  while (parent[run] !== run) {
    parent[run] = parent[parent[run]!]!
    run = parent[run]!
  }
  return run
}

/**
 * The hull and quad of the spans in `scratch.left` and `scratch.right`. They depend on nothing else, and
 * neighbouring thresholds often give the very same spans (a page filling the photo, at every threshold
 * below the paper's grey), so the last outline is kept and given again for the same spans.
 */
function outlineOf(scratch: RegionScratch, width: number, rows: number): Outline {
  const { left, right, outlineLeft, outlineRight } = scratch
  let same = scratch.outline !== null
  for (let y = 0; same && y < rows; y++) {
    same = left[y] === outlineLeft[y] && (left[y]! < 0 || right[y] === outlineRight[y])
  }
  if (same) return scratch.outline!
  // Pixel edges, not centres, so a region filling the image has the image's own corners.
  const hull = convexHullOfRows(left, right, rows, scratch.hull)
  const largest = largestQuadInHull(hull)
  const photo = { width, height: rows }
  const quad = largest && completeCutCorners(orderQuad(largest), hull, photo, BEYOND_PHOTO)
  const inside = quad?.every((p) => p.x >= 0 && p.y >= 0 && p.x <= width && p.y <= rows)
  const quadArea = !quad ? 0 : polygonArea(inside ? quad : clipPolygon(quad, rectQuad(photo)))
  scratch.outline = { quad, quadArea, hullArea: polygonArea(hull) }
  outlineLeft.set(left)
  outlineRight.set(right)
  return scratch.outline
}
