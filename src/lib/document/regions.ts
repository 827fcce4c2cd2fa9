/**
 * Bright regions of a small grey image at one threshold: the largest connected region and the measures that
 * say whether it is shaped like a sheet of paper. The detector asks this at many thresholds.
 */
import { convexHullOfRows, largestQuadInHull, polygonArea, type Point } from './geometry'
import type { GreyImage } from './raster'

/** The largest region at or above one threshold, described by its shape. */
export interface Region {
  threshold: number
  /** Pixels in the region. */
  count: number
  /** Corners of the largest quadrilateral inside the region's hull, in pixels (unordered). */
  quad: Point[]
  quadArea: number
  /** Quad area over hull area: 1 for a region that is a quadrilateral. */
  quadness: number
  /** Row-span area over hull area: how convex the outline is, ignoring holes such as text. */
  solidity: number
  /** Pixels over row-span area: how much of the outline is bright (text lowers it a little). */
  density: number
  /** Quad area over the image's. */
  areaFraction: number
}

/** Scratch space for `largestRegion`, made once per image size and reused at every threshold. */
export interface RegionScratch {
  /** Per run of bright pixels along a row: where it starts and ends (exclusive), its row, its union-find parent and size. */
  start: Int32Array
  end: Int32Array
  row: Int32Array
  parent: Int32Array
  size: Int32Array
  /** Per row: the largest region's span there, x in [left, right), or left = −1 where it has none. */
  left: Int32Array
  right: Int32Array
}

export function regionScratch(width: number, height: number): RegionScratch {
  // A row holds at most ⌈width / 2⌉ runs (bright and dark pixels alternating).
  const runs = Math.ceil(width / 2) * height
  return {
    start: new Int32Array(runs),
    end: new Int32Array(runs),
    row: new Int32Array(runs),
    parent: new Int32Array(runs),
    size: new Int32Array(runs),
    left: new Int32Array(height),
    right: new Int32Array(height),
  }
}

/**
 * The largest 4-connected region of pixels ≥ `threshold`, measured; null when it is too small to matter
 * (under `minFraction` of the image). Regions are found as runs of bright pixels along each row, joined to
 * the runs they touch on the row above (union-find): it runs at every threshold, and a per-pixel flood fill
 * was most of the document step's time (measured in bench/images/stages.ts).
 */
export function largestRegion(image: GreyImage, threshold: number, scratch: RegionScratch, minFraction = 0.02): Region | null {
  const { width, height, data } = image
  const total = width * height
  const { start, end, row: runRow, parent, size, left, right } = scratch
  const root = (run: number): number => {
    while (parent[run] !== run) {
      parent[run] = parent[parent[run]!]!
      run = parent[run]!
    }
    return run
  }
  let runs = 0
  let above = 0
  let aboveEnd = 0
  for (let y = 0; y < height; y++) {
    const first = runs
    const offset = y * width
    for (let x = 0; x < width;) {
      if (data[offset + x]! < threshold) {
        x++
        continue
      }
      const from = x
      while (x < width && data[offset + x]! >= threshold) x++
      start[runs] = from
      end[runs] = x
      runRow[runs] = y
      parent[runs] = runs
      size[runs] = x - from
      runs++
    }
    // Join each run to the runs it overlaps on the row above; both rows are in order of x.
    for (let i = above, j = first; i < aboveEnd && j < runs;) {
      if (start[i]! < end[j]! && start[j]! < end[i]!) {
        const a = root(i)
        const b = root(j)
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
    aboveEnd = runs
  }
  // The largest region; between equal ones, the first in raster order.
  let best = -1
  let bestCount = 0
  for (let r = 0; r < runs; r++) {
    if (parent[r] === r && size[r]! > bestCount) {
      bestCount = size[r]!
      best = r
    }
  }
  if (bestCount < minFraction * total) return null

  // Each row's span of the region: from its first run's start to its last run's end.
  left.fill(-1)
  let spanArea = 0
  for (let r = 0; r < runs; r++) {
    if (root(r) !== best) continue
    const y = runRow[r]!
    if (left[y]! < 0) left[y] = start[r]!
    else spanArea -= right[y]! - left[y]!
    right[y] = end[r]!
    spanArea += right[y]! - left[y]!
  }
  // Pixel edges, not centres, so a region filling the image has the image's own corners.
  const hull = convexHullOfRows(left, right, height)
  const hullArea = polygonArea(hull)
  const quad = largestQuadInHull(hull)
  if (!quad || hullArea <= 0) return null
  const quadArea = polygonArea(quad)
  return {
    threshold,
    count: bestCount,
    quad,
    quadArea,
    quadness: quadArea / hullArea,
    solidity: spanArea / hullArea,
    density: bestCount / spanArea,
    areaFraction: quadArea / total,
  }
}
