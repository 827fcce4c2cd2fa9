/**
 * Finds the document in a photo: the brightest sheet-shaped region that stays the same shape over a range
 * of brightness thresholds (paper is lighter than what it lies on, and its edge is a step, so its outline
 * does not move while the threshold crosses that step). Runs on a ≤ 512 px grey copy; answers in
 * normalised corners (0–1 of the image), so the caller can apply them at any size.
 *
 * A wrong crop that cuts text off is worse than none: the answer is `none` unless the outline is stable,
 * quadrilateral, convex and darker outside than inside along every side that is not the photo's own edge
 * (with no paper coming back past it: an outline cut along a logo or a barcode is not the sheet's),
 * and `flat` when the document already fills the photo (a scan, or a photo cropped before). A dull image's
 * levels are stretched first; a photo with no sure answer is looked at again with its light evened; a sheet
 * running off the photo past a corner gets that corner back beyond the photo's edge (regions.ts,
 * completeCutCorners), so its corners may lie outside 0–1.
 */
import { evenLight } from './evenLight'
import { cornerError, isConvexQuad, scaleQuad, type Point, type Quad } from './geometry'
import { clamp, percentile, shrinkGrey, type GreyImage } from './raster'
import { findRuns, largestRegionAt, regionScratch, type Region, type RunsRoom } from './regions'

/** The long side detection works at. */
export const DETECT_MAX_SIDE = 512

export type Detection =
  | {
      kind: 'found'
      /** Corners, normalised to the image's width and height, [tl, tr, br, bl]. */
      corners: Quad
      /** 0–1: how sure the outline is a sheet (stability, shape, edge contrast). */
      confidence: number
    }
  | { kind: 'flat'; confidence: number }
  | { kind: 'none'; confidence: 0 }

export interface DetectOptions {
  /** Below this confidence the answer is `none`. */
  minConfidence?: number
  /** Memory to reuse for the runs at every threshold (regions.ts); without it they are made afresh. */
  runsRoom?: RunsRoom
}

const THRESHOLD_STEP = 4
// The thresholds tried run from FIRST to LAST; LAST − FIRST is a multiple of twice the step (coarse to fine).
const FIRST_THRESHOLD = 32
const LAST_THRESHOLD = 248
// Quads at neighbouring thresholds within this share of the diagonal count as "the same outline".
const SAME_OUTLINE = 0.02
// Fewer than this many neighbouring thresholds agreeing is noise, not a sheet.
const MIN_STABLE_STEPS = 2
// A side whose outside is not at least this much darker than its inside is not a paper edge.
const MIN_EDGE_CONTRAST = 12
// How far past a side (share of the diagonal) paper as bright as inside must not come back: a band of print
// running across a receipt (a logo, a headline, a barcode) is dark on both sides of an outline cut along it.
const PAPER_BEYOND_REACH = 0.1
// The share of a side's samples that find such paper beyond it that makes it a cut through print.
const PAPER_BEYOND_SHARE = 0.35
// A photo whose levels (darkest to brightest 0.5 %) span this many already has the contrast the thresholds
// were set for; a duller one is stretched to it.
const FULL_CONTRAST = 180
// A flat answer this sure (an outline filling the photo, stable over four thresholds or more) is not looked
// at again with the light evened: a scan, or a photo its page fills (the generated 12 MP photo: 0.98).
const SURE_FLAT = 0.9
// Corners all this close (share of the diagonal) to the photo's corners: the page already is the document.
const FLAT_CORNERS = 0.04
// A "crop" this large that keeps the photo's full width or height only trims one side of a page that already
// fills the photo: far more often a cut through print than a real edge, so the page stays whole.
const MOSTLY_WHOLE = 0.75

/**
 * Detects the document in a grey image of any size (it is shrunk to ≤ 512 px first, if not already).
 */
export function detectDocument(image: GreyImage, options: DetectOptions = {}): Detection {
  const minConfidence = options.minConfidence ?? 0.5
  // The caller usually hands over a copy already this small; shrinkGrey would only copy it again. No
  // smoothing beyond the shrink: an opening (r = 2) here also erased the thin margin between a receipt's
  // edge and its print, biting into the sheet's outline (on the generated desks of bench:detect, 211 of 288
  // photos cropped right with it, 268 without, none wrong either way), and it cost ~5 ms.
  const shrunk = Math.max(image.width, image.height) > DETECT_MAX_SIDE ? shrinkGrey(image, DETECT_MAX_SIDE) : image
  if (shrunk.width < 16 || shrunk.height < 16) return { kind: 'none', confidence: 0 }
  const first = sweep(stretchContrast(shrunk), minConfidence, options)
  if (first.kind === 'found' || first.confidence >= SURE_FLAT) return first
  // No sheet, or a flat answer it is not sure of: under a lamp or light from one side, the bright end of a
  // light desk can be as light as the dim end of the paper, so no threshold has the paper's outline. A second
  // look with the light evened (evenLight.ts) finds it; only a sheet found there replaces the first answer.
  // bench:detect's desks under light from one side and under a lamp: 274 and 268 of 288 right (225 and 211
  // without), and the same 1 and 2 wrong (crops of the first look).
  const second = sweep(stretchContrast(evenLight(shrunk)), minConfidence, options)
  return second.kind === 'found' ? second : first
}

/** The walk over the thresholds of an image ≤ 512 px whose levels are ready: its brightest stable outline. */
function sweep(small: GreyImage, minConfidence: number, options: DetectOptions): Detection {
  const { width, height } = small
  const diagonal = Math.hypot(width, height)
  const thresholds: number[] = []
  for (let t = FIRST_THRESHOLD; t <= LAST_THRESHOLD; t += THRESHOLD_STEP) thresholds.push(t)
  const runs = findRuns(small, thresholds, options.runsRoom)
  const scratch = regionScratch(width, height, runs.mostRuns)
  const usable = new Map<number, Region | null>()
  const usableAt = (t: number): Region | null => {
    if (!usable.has(t)) {
      const region = largestRegionAt(runs, (t - FIRST_THRESHOLD) / THRESHOLD_STEP, scratch)
      usable.set(t, region && region.quadness >= 0.93 && region.solidity >= 0.85 && region.density >= 0.6 ? region : null)
    }
    return usable.get(t) ?? null
  }
  // Every other threshold first, with the same answer as trying every one: a threshold between two unusable
  // ones could only make a group of one, which is never stable, so it is not tried.
  const regionAt = (t: number): Region | null => {
    const between = (t - FIRST_THRESHOLD) % (2 * THRESHOLD_STEP) !== 0
    return between && !usableAt(t - THRESHOLD_STEP) && !usableAt(t + THRESHOLD_STEP) ? null : usableAt(t)
  }

  // The brightest stable outline: paper is what is lighter than everything under and around it. So the
  // thresholds are walked down from the brightest, each group of neighbouring thresholds with the same
  // outline is judged as soon as it is complete, and the thresholds below an answer are never looked at.
  let group: Region[] = []
  // A usable region spanning every row from edge to edge, or whose outline is already the photo's (flat), has
  // that outline at every lower threshold (a flat one, or one closer still to the photo's corners): what is
  // bright there contains it, and no other region can outgrow it (its density is over a half). Its group then
  // runs down to the last threshold, judged on the same outline, so the rest is not measured: on a scan or a
  // photo its page fills, 20 to 30 thresholds (the generated 12 MP photo's detection 24 → 18 ms in Node,
  // alternating; bench:detect's answers unchanged on every photo).
  let fillsPhoto: Region | null = null
  for (let t = LAST_THRESHOLD; t >= FIRST_THRESHOLD - THRESHOLD_STEP; t -= THRESHOLD_STEP) {
    const region: Region | null = t >= FIRST_THRESHOLD ? (fillsPhoto ?? regionAt(t)) : null
    if (region && (region.spanArea === width * height || isFlat(region.quad, width, height, diagonal))) fillsPhoto = region
    // The outline one threshold up. quadDistance is not symmetric: the lower quad first, as walking up had it.
    const above = group[group.length - 1]
    if (region && above && quadDistance(region.quad, above.quad) <= SAME_OUTLINE * diagonal) {
      group.push(region)
      continue
    }
    if (group.length >= MIN_STABLE_STEPS) {
      const answer = judgeGroup(group.reverse(), small, minConfidence)
      if (answer) return answer
    }
    group = region ? [region] : []
  }
  return { kind: 'none', confidence: 0 }
}

/**
 * The answer a stable group gives, regions in order of rising threshold: its middle outline, when it is a
 * convex quad that fills the photo (`flat`) or has a clear edge all round (`found`); null to try the next.
 */
function judgeGroup(regions: Region[], small: GreyImage, minConfidence: number): Detection | null {
  const { width, height } = small
  const diagonal = Math.hypot(width, height)
  const region = regions[Math.floor(regions.length / 2)]!
  const quad = region.quad
  if (!isConvexQuad(quad, 45)) return null
  const stability = Math.min(1, regions.length / 4)
  const shape = Math.min(region.quadness, region.solidity)
  if (isFlat(quad, width, height, diagonal) || isMostlyWhole(quad, region.areaFraction, width, height)) {
    return { kind: 'flat', confidence: round(stability * shape) }
  }
  const contrast = edgeContrast(small, quad)
  if (contrast < MIN_EDGE_CONTRAST) return null
  if (paperBeyond(small, quad)) return null
  const confidence = round(stability * shape * Math.min(1, contrast / (2 * MIN_EDGE_CONTRAST)))
  if (confidence < minConfidence) return null
  return { kind: 'found', corners: scaleQuad(quad, 1 / width, 1 / height), confidence }
}

function round(value: number): number {
  return Math.round(value * 100) / 100
}

/** The largest distance from a corner of `a` to the nearest corner of `b` (both unordered). */
function quadDistance(a: readonly Point[], b: readonly Point[]): number {
  // Written out (no map or spread): it runs for every pair of neighbouring thresholds.
  let worst = 0
  for (const p of a) {
    let nearest = Infinity
    for (const q of b) nearest = Math.min(nearest, Math.hypot(p.x - q.x, p.y - q.y))
    worst = Math.max(worst, nearest)
  }
  return worst
}

function isFlat(quad: Quad, width: number, height: number, diagonal: number): boolean {
  return (
    cornerError(quad, [
      { x: 0, y: 0 },
      { x: width, y: 0 },
      { x: width, y: height },
      { x: 0, y: height },
    ]) <=
    FLAT_CORNERS * diagonal
  )
}

function isMostlyWhole(quad: Quad, areaFraction: number, width: number, height: number): boolean {
  if (areaFraction < MOSTLY_WHOLE) return false
  const xs = quad.map((p) => p.x)
  const ys = quad.map((p) => p.y)
  const fullWidth = Math.min(...xs) <= 2 && Math.max(...xs) >= width - 2
  const fullHeight = Math.min(...ys) <= 2 && Math.max(...ys) >= height - 2
  return fullWidth || fullHeight
}

/** A point on a side of the outline, and the grey a little inside it. */
interface SidePoint {
  x: number
  y: number
  inside: number
}

/** A side of the outline: its unit normal pointing inwards, and points along its middle 80 %. */
interface Side {
  nx: number
  ny: number
  points: SidePoint[]
}

/**
 * The sides of `quad` that do not run along the image's edge (a receipt running off the photo has no edge
 * there to see), each with points along its middle 80 % (near a corner the neighbouring side's band would be
 * sampled instead) whose inside lies in the image, `offset` pixels in.
 */
function innerSides(image: GreyImage, quad: Quad, offset: number): Side[] {
  const { width, height, data } = image
  const border = 2
  const cx = quad.reduce((s, p) => s + p.x, 0) / 4
  const cy = quad.reduce((s, p) => s + p.y, 0) / 4
  const sides: Side[] = []
  for (let i = 0; i < 4; i++) {
    const a = quad[i]!
    const b = quad[(i + 1) % 4]!
    const onBorder =
      (a.x <= border && b.x <= border) ||
      (a.y <= border && b.y <= border) ||
      (a.x >= width - border && b.x >= width - border) ||
      (a.y >= height - border && b.y >= height - border)
    if (onBorder) continue
    const length = Math.hypot(b.x - a.x, b.y - a.y)
    let nx = -(b.y - a.y) / length
    let ny = (b.x - a.x) / length
    // Point the normal inwards, towards the centre.
    if (nx * (cx - (a.x + b.x) / 2) + ny * (cy - (a.y + b.y) / 2) < 0) [nx, ny] = [-nx, -ny]
    const points: SidePoint[] = []
    for (let s = 0.1; s <= 0.9; s += 0.8 / 32) {
      const x = a.x + (b.x - a.x) * s
      const y = a.y + (b.y - a.y) * s
      const ix = Math.round(x + nx * offset)
      const iy = Math.round(y + ny * offset)
      if (ix < 0 || iy < 0 || ix >= width || iy >= height) continue
      points.push({ x, y, inside: data[iy * width + ix]! })
    }
    sides.push({ nx, ny, points })
  }
  return sides
}

/** How far in and out of a side its two sides are compared: 1 % of the diagonal, at least 2 px. */
function sideOffset({ width, height }: GreyImage): number {
  return Math.max(2, Math.round(Math.hypot(width, height) * 0.01))
}

/**
 * True when the outline is cut through print rather than along the paper's edge: past one of its sides, within
 * a tenth of the diagonal, paper as bright as just inside comes back on a good share of the side. Past a real
 * edge lies the desk, which is darker than the paper all the way (that is what made the edge).
 */
function paperBeyond(image: GreyImage, quad: Quad): boolean {
  const { width, height, data } = image
  const offset = sideOffset(image)
  const reach = Math.round(Math.hypot(width, height) * PAPER_BEYOND_REACH)
  for (const { nx, ny, points } of innerSides(image, quad, offset)) {
    if (points.length < 8) continue
    // The paper's level along this side: the median just inside, so a sample landing on print does not lower it.
    const paper = points.map((p) => p.inside).sort((p, q) => p - q)[points.length >> 1]!
    let beyond = 0
    for (const { x, y } of points) {
      // Two pixels in a row as bright as the paper, past the side: paper again, not a bright speck.
      let bright = 0
      for (let d = offset; d <= reach && bright < 2; d++) {
        const ox = Math.round(x - nx * d)
        const oy = Math.round(y - ny * d)
        if (ox < 0 || oy < 0 || ox >= width || oy >= height) break
        bright = data[oy * width + ox]! >= paper - MIN_EDGE_CONTRAST ? bright + 1 : 0
      }
      if (bright === 2) beyond++
    }
    if (beyond >= PAPER_BEYOND_SHARE * points.length) return true
  }
  return false
}

/** The weakest side's contrast: mean grey just inside minus just outside, over the sides innerSides gives. */
function edgeContrast(image: GreyImage, quad: Quad): number {
  const { width, height, data } = image
  const offset = sideOffset(image)
  let weakest = Infinity
  for (const { nx, ny, points } of innerSides(image, quad, offset)) {
    let inside = 0
    let outside = 0
    let samples = 0
    for (const point of points) {
      const ox = Math.round(point.x - nx * offset)
      const oy = Math.round(point.y - ny * offset)
      if (ox < 0 || oy < 0 || ox >= width || oy >= height) continue
      inside += point.inside
      outside += data[oy * width + ox]!
      samples++
    }
    if (samples < 8) continue
    weakest = Math.min(weakest, (inside - outside) / samples)
  }
  // A quad lying along the photo's edges on all four sides has nothing to compare: no evidence either way.
  return weakest === Infinity ? 0 : weakest
}

/**
 * The image with its levels stretched so its darkest and brightest 0.5 % reach 0 and 255. The thresholds are
 * 4 levels apart and a sheet must keep its outline over several of them: on a flat, low-contrast photo (a
 * faded scan, a grey day) the paper's step spans fewer thresholds than on a crisp one, and a wider, duller
 * outline (paper and the grey beside it) was taken instead. Only a dull image is stretched: a stretch spreads
 * the image over more thresholds, each with runs to measure (stretching every image made detection on the
 * receipt scans ~1.3× slower, this ~1.1×), for no better crop where the contrast is already there.
 */
function stretchContrast(image: GreyImage): GreyImage {
  const { data: levels } = image
  const histogram = new Uint32Array(256)
  // An indexed loop: a for…of over the pixels, run once per photo and so never optimised, made an iterator
  // result per pixel in the worker (measured: the capture bench's renderer peak ~+10 MB with it).
  for (let i = 0; i < levels.length; i++) histogram[levels[i]!]!++
  const low = percentile(histogram, 0.005)
  const high = percentile(histogram, 0.995)
  if (high - low < 16 || high - low >= FULL_CONTRAST) return image
  const map = new Uint8Array(256)
  for (let v = 0; v < 256; v++) map[v] = clamp(Math.round(((v - low) * 255) / (high - low)), 0, 255)
  const data = new Uint8Array(image.data.length)
  for (let i = 0; i < data.length; i++) data[i] = map[levels[i]!]!
  return { width: image.width, height: image.height, data }
}
