/**
 * Will the page be readable once sent? Measures the page as it will be sent (after crop, before its look)
 * and names each problem with the fix. It warns; it never blocks sending.
 */
import { percentile, type GreyImage } from './raster'

export type ReadabilityProblem = 'blurred' | 'dark' | 'overexposed' | 'glare' | 'small'

// The words for each problem (the sentence under a page, the badge) are in src/locales: readability.message, readability.badge.

export interface ReadabilityMeasures {
  /** Steepest edges (99.5th percentile of the gradient) over the page's contrast: ~0.5 for crisp print. */
  sharpness: number
  /** Brightness of the paper (98th percentile of grey, 0–255). */
  paper: number
  /** Brightness of the print (1st percentile of grey). */
  ink: number
  /** Share of the page in small blown-out patches while the rest of the paper is not blown out. */
  glare: number
  /** The document's short side in pixels as sent. */
  shortSide: number
}

export interface ReadabilityReport {
  problems: ReadabilityProblem[]
  measures: ReadabilityMeasures
}

export interface ReadabilityOptions {
  /** Share of the photo the document covered (1 when the page is the whole photo). */
  documentFraction?: number
}

// Thresholds are set on the receipt scans and on blurred, darkened and shrunk copies of them (unit tests).
// Crisp scans measure 0.85–1.1 and copies blurred by ~3 px 0.14–0.26.
const MIN_SHARPNESS = 0.45
const MIN_PAPER = 110
const MAX_INK = 170
const BLOWN_PAPER = 250
const MAX_GLARE = 0.01
const MIN_SHORT_SIDE = 400
const MIN_FRACTION = 0.08

/**
 * A page's grey read in bands of whole rows: all of it, or a sample (the worker reads a band of rows in every
 * few, an eighth of the page, since each measure is a share or a percentile and the sample's is the page's).
 */
export interface GreyBands {
  /** The page's size; the bands are rows of it. */
  width: number
  height: number
  /** Each band's rows, `data.length / width` of them, the first being row `y` of the page. */
  bands: { y: number; data: Uint8Array }[]
}

/** Which rows a band sample holds: `rows` rows in every `every`. */
export interface BandSample {
  rows: number
  every: number
}

/**
 * What the worker measures: a band of 8 rows in every 64, an eighth of the page. The measures are
 * percentiles and shares, and an eighth of a page spread over all of it gives the page's (the receipt scans'
 * test checks the sample against the whole page, and their spoilt copies). Reading and walking all of a 12 MP
 * photo's page took ~35 ms of the document step's ~70 here; a quarter (8 rows in 32) ~9 ms. On the 16 receipt
 * scans and their blurred copies the eighth's sharpness is within 15 % of the whole page's (the quarter's
 * within 5 %), while the thresholds lie far apart: crisp scans 0.74–1.1, blurred ones ≤ 0.28, the line 0.45.
 */
export const READABILITY_SAMPLE: BandSample = { rows: 8, every: 64 }

/** The sample's bands of a page held whole (tests; the worker reads only the bands). */
export function sampleBands(page: GreyImage, { rows, every }: BandSample): GreyBands {
  const bands: GreyBands['bands'] = []
  for (let y = 0; y < page.height; y += every) {
    bands.push({ y, data: page.data.subarray(y * page.width, Math.min(page.height, y + rows) * page.width) })
  }
  return { width: page.width, height: page.height, bands }
}

/** The whole page as one band. */
function wholePage(page: GreyImage): GreyBands {
  return { width: page.width, height: page.height, bands: [{ y: 0, data: page.data }] }
}

/** Checks a page's grey pixels (at the size it is sent) and names its problems. */
export function checkReadability(page: GreyImage, options: ReadabilityOptions = {}): ReadabilityReport {
  return checkReadabilityOfBands(wholePage(page), options)
}

/** The same check on bands of the page's rows: on all of them it is checkReadability. */
export function checkReadabilityOfBands(page: GreyBands, options: ReadabilityOptions = {}): ReadabilityReport {
  const { levels, gradients, glare } = walkBands(page)
  const paper = percentile(levels, 0.98)
  const ink = percentile(levels, 0.01)
  const measures: ReadabilityMeasures = {
    // The steepest edges (99.5th percentile of the gradient) over the page's contrast.
    sharpness: round(percentile(gradients, 0.995) / Math.max(1, paper - ink)),
    paper,
    ink,
    glare: round(glareShare(glare)),
    shortSide: Math.min(page.width, page.height),
  }
  const problems: ReadabilityProblem[] = []
  if (measures.shortSide < MIN_SHORT_SIDE || (options.documentFraction ?? 1) < MIN_FRACTION) problems.push('small')
  if (measures.sharpness < MIN_SHARPNESS) problems.push('blurred')
  if (paper < MIN_PAPER) problems.push('dark')
  // Washed out: the paper is blown and even the darkest print is light grey (a blur alone only greys the print).
  if (paper >= BLOWN_PAPER && ink > MAX_INK) problems.push('overexposed')
  if (measures.glare > MAX_GLARE) problems.push('glare')
  return { problems, measures }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000
}

const GLARE_GRID = 24

/** The glare grid's cells: per cell, the sum of its grey, the pixels counted and those blown out (≥ 250). */
interface GlareCells {
  sums: Float64Array
  counts: Uint32Array
  clipped: Uint32Array
}

/**
 * Every measure's tally in one walk over the bands, a row at a time while it is in cache (three walks over
 * the bands took ~15 % longer): the histogram of grey levels, the histogram of |∂x| + |∂y| (one-pixel
 * differences within a band) and the glare grid's cells. The glare grid is 24×24 whole cells, as many as fit;
 * the few pixels past the last are in no cell.
 */
function walkBands({ width, height, bands }: GreyBands): { levels: Uint32Array; gradients: Uint32Array; glare: GlareCells } {
  const levels = new Uint32Array(256)
  const gradients = new Uint32Array(511)
  const cw = Math.max(1, Math.floor(width / GLARE_GRID))
  const ch = Math.max(1, Math.floor(height / GLARE_GRID))
  const columns = Math.floor(width / cw)
  const cellRows = Math.floor(height / ch)
  const glare: GlareCells = {
    sums: new Float64Array(columns * cellRows),
    counts: new Uint32Array(columns * cellRows),
    clipped: new Uint32Array(columns * cellRows),
  }
  for (const { y: top, data } of bands) {
    const rows = data.length / width
    for (let r = 0; r < rows; r++) {
      const row = r * width
      const gy = Math.floor((top + r) / ch)
      const cellRow = gy < cellRows ? gy * columns : -1
      let x = 0
      for (let gx = 0; gx < columns; gx++) {
        let sum = 0
        let blown = 0
        for (const end = x + cw; x < end; x++) {
          const v = data[row + x]!
          levels[v]!++
          sum += v
          blown += v >= 250 ? 1 : 0
        }
        if (cellRow >= 0) {
          glare.sums[cellRow + gx]! += sum
          glare.counts[cellRow + gx]! += cw
          glare.clipped[cellRow + gx]! += blown
        }
      }
      for (; x < width; x++) levels[data[row + x]!]!++
      // The row's gradients, while it is still in cache; the last row of a band has no row below it there.
      if (r === rows - 1) continue
      for (let i = row, end = row + width - 1; i < end; i++) {
        const v = data[i]!
        gradients[Math.abs(data[i + 1]! - v) + Math.abs(data[i + width]! - v)]!++
      }
    }
  }
  return { levels, gradients, glare }
}

/**
 * Glare: the share of blown-out cells (90 % of their pixels ≥ 250) on a page whose typical paper is not blown
 * out. A scan with white paper throughout is fine; a bright spot on grey paper hides the print under it. A
 * cell none of whose rows the bands hold is left out.
 */
function glareShare({ sums, counts, clipped }: GlareCells): number {
  const means: number[] = []
  let blownCells = 0
  for (let cell = 0; cell < counts.length; cell++) {
    if (!counts[cell]) continue
    means.push(sums[cell]! / counts[cell]!)
    if (clipped[cell]! >= 0.9 * counts[cell]!) blownCells++
  }
  const sorted = means.sort((a, b) => a - b)
  const typical = sorted[Math.floor(sorted.length * 0.75)] ?? 0
  if (typical >= 235) return 0
  return blownCells / Math.max(1, means.length)
}
