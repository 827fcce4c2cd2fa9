/**
 * Will the page be readable once sent? Measures the page as it will be sent (after crop, before its look)
 * and names each problem with the fix. It warns; it never blocks sending.
 */
import { histogram, percentile, type GreyImage } from './raster'

export type ReadabilityProblem = 'blurred' | 'dark' | 'overexposed' | 'glare' | 'small'

/** The plain sentence shown under a page that has the problem. */
export const READABILITY_MESSAGES: Record<ReadabilityProblem, string> = {
  blurred: 'Blurred — hold the phone still and retake.',
  dark: 'Too dark — add light or move to a brighter place and retake.',
  overexposed: 'Too bright — the print is washed out; avoid direct light and retake.',
  glare: 'Glare over the text — tilt the page or the phone away from the light and retake.',
  small: 'Document too small — move closer so it fills the frame and retake.',
}

/** Short badge text for a thumbnail. */
export const READABILITY_BADGES: Record<ReadabilityProblem, string> = {
  blurred: 'Blurred',
  dark: 'Dark',
  overexposed: 'Too bright',
  glare: 'Glare',
  small: 'Too small',
}

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

/** Checks a page's grey pixels (at the size it is sent) and names its problems. */
export function checkReadability(page: GreyImage, options: ReadabilityOptions = {}): ReadabilityReport {
  const bins = histogram(page)
  const paper = percentile(bins, 0.98)
  const ink = percentile(bins, 0.01)
  const measures: ReadabilityMeasures = {
    sharpness: round(sharpness(page, Math.max(1, paper - ink))),
    paper,
    ink,
    glare: round(glareShare(page)),
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

/** The 99.5th percentile of |∂x| + |∂y| (one-pixel differences), over the page's contrast. */
function sharpness(page: GreyImage, contrast: number): number {
  const { width, height, data } = page
  const bins = new Uint32Array(511)
  for (let y = 0; y < height - 1; y++) {
    for (let x = 0; x < width - 1; x++) {
      const i = y * width + x
      bins[Math.abs(data[i + 1]! - data[i]!) + Math.abs(data[i + width]! - data[i]!)]!++
    }
  }
  return percentile(bins, 0.995) / contrast
}

/**
 * Glare: blown-out (≥ 250) cells of a 24×24 grid on a page whose typical paper is not blown out. A scan with
 * white paper throughout is fine; a bright spot on grey paper hides the print under it.
 */
function glareShare(page: GreyImage): number {
  const { width, height, data } = page
  const grid = 24
  const cw = Math.max(1, Math.floor(width / grid))
  const ch = Math.max(1, Math.floor(height / grid))
  const means: number[] = []
  const blown: boolean[] = []
  for (let gy = 0; gy + ch <= height; gy += ch) {
    for (let gx = 0; gx + cw <= width; gx += cw) {
      let sum = 0
      let clipped = 0
      for (let y = gy; y < gy + ch; y++) {
        for (let x = gx; x < gx + cw; x++) {
          const v = data[y * width + x]!
          sum += v
          if (v >= 250) clipped++
        }
      }
      means.push(sum / (cw * ch))
      blown.push(clipped >= 0.9 * cw * ch)
    }
  }
  const sorted = [...means].sort((a, b) => a - b)
  const typical = sorted[Math.floor(sorted.length * 0.75)] ?? 0
  if (typical >= 235) return 0
  return blown.filter(Boolean).length / Math.max(1, blown.length)
}
