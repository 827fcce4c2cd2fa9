/**
 * The looks a page can have: as photographed, a clean `document` (paper made white, shadows flattened, text
 * darkened) and `bw` (black text on white, adaptive threshold: the smallest file). The maths is here, pure;
 * the worker draws `document` with canvas composites (documentComposites) and runs `blackAndWhite` on the
 * pixels of the page it drew.
 */
import type { Size } from '../decodeTarget'
import { clamp, type RgbaImage } from './raster'

export type PageLook = 'original' | 'document' | 'bw'

export const PAGE_LOOKS: readonly PageLook[] = ['original', 'document', 'bw']

/** The look a page gets unless the clerk chose another (see the Settings default). */
export const DEFAULT_PAGE_LOOK: PageLook = 'document'

/** True for a value that names a look (a page record or a setting read back from storage). */
export function isPageLook(value: unknown): value is PageLook {
  return typeof value === 'string' && (PAGE_LOOKS as readonly string[]).includes(value)
}

// The Document look's curve: each channel divided by the paper's own colour around it (white balance and
// shadows in one step), then stretched so faint paper becomes white and print gets darker: a value at
// BLACK of the paper's level or below is black, one at WHITE of it or above is white.
const BLACK = 0.12
const WHITE = 0.88
// Paper darker than this is not divided up to white (a black sheet, a photo of the desk).
const MIN_PAPER = 24

/** What the Document look makes of `value` (0–255) on paper of level `paper`: the reference the canvas draws. */
export function documentLevel(value: number, paper: number): number {
  return clamp(Math.round(((value / Math.max(MIN_PAPER, paper) - BLACK) / (WHITE - BLACK)) * 255), 0, 255)
}

/** The paper's colour over a grid of square cells covering the page, RGB per cell, row by row. */
export interface PaperCells {
  /** A cell's side in the page's pixels. */
  cell: number
  columns: number
  rows: number
  colours: Float32Array
}

/**
 * The paper's colour per cell, from a copy of the page whose pixels are the means of `blockSize`² blocks of
 * the page's (the worker halves the page twice on a canvas: 4×4 blocks). In each cell the brightest block
 * is taken (print is darker than paper, so some block in most cells is bare paper), then spread over two
 * cells so a cell filled by a logo or a barcode borrows its neighbours' paper rather than making the logo white.
 */
export function paperCells(blocks: RgbaImage, blockSize: number, page: Size): PaperCells {
  const cell = Math.max(8, Math.round(Math.max(page.width, page.height) / 48))
  const columns = Math.ceil(page.width / cell)
  const rows = Math.ceil(page.height / cell)
  const best = new Float32Array(columns * rows * 3)
  const bestLuma = new Float32Array(columns * rows).fill(-1)
  const { width, height, data } = blocks
  const blockColumn = new Int32Array(width)
  for (let x = 0; x < width; x++) blockColumn[x] = Math.min(columns - 1, Math.floor((x * blockSize) / cell))
  for (let y = 0; y < height; y++) {
    const cellRow = Math.min(rows - 1, Math.floor((y * blockSize) / cell)) * columns
    for (let x = 0, o = y * width * 4; x < width; x++, o += 4) {
      const c = cellRow + blockColumn[x]!
      const luma = 77 * data[o]! + 150 * data[o + 1]! + 29 * data[o + 2]!
      if (luma > bestLuma[c]!) {
        bestLuma[c] = luma
        best[c * 3] = data[o]!
        best[c * 3 + 1] = data[o + 1]!
        best[c * 3 + 2] = data[o + 2]!
      }
    }
  }
  const colours = new Float32Array(best.length)
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) {
      let top = -1
      let at = y * columns + x
      for (let dy = -2; dy <= 2; dy++) {
        for (let dx = -2; dx <= 2; dx++) {
          const yy = y + dy
          const xx = x + dx
          if (yy < 0 || xx < 0 || yy >= rows || xx >= columns) continue
          if (bestLuma[yy * columns + xx]! > top) [top, at] = [bestLuma[yy * columns + xx]!, yy * columns + xx]
        }
      }
      colours.set(best.subarray(at * 3, at * 3 + 3), (y * columns + x) * 3)
    }
  }
  return { cell, columns, rows, colours }
}

/**
 * The Document look as two canvas composites, so no page-size pixels pass through script. A canvas has no
 * divide, but `color-dodge` computes backdrop / (1 − source): drawn with `dodge` (one pixel per cell, 255 −
 * paper × WHITE, scaled up with bilinear smoothing, which interpolates between cell centres) it divides by
 * the paper. `color-burn` with a constant source k computes 1 − (1 − backdrop) / k: with k = `burn` that is
 * the stretch from BLACK. Together they are `documentLevel` (checked against it in the browser tests).
 */
export function documentComposites(cells: PaperCells): { dodge: RgbaImage; burn: number } {
  const { columns, rows, colours } = cells
  const data = new Uint8ClampedArray(columns * rows * 4)
  for (let i = 0; i < columns * rows; i++) {
    for (let k = 0; k < 3; k++) data[i * 4 + k] = 255 - Math.round(Math.max(MIN_PAPER, colours[i * 3 + k]!) * WHITE)
    data[i * 4 + 3] = 255
  }
  return { dodge: { width: columns, height: rows, data }, burn: Math.round((1 - BLACK / WHITE) * 255) }
}

/**
 * Black and white, in place: Bradley's adaptive threshold on the page with the Document look. A pixel is
 * ink when it is 15 % darker than the mean of the window around it; the window is a sixteenth of the page,
 * larger than any letter. The window's sum is kept running (a column sum per x, moved down a row at a time,
 * and a sum along the row), so no page-size table of sums is held.
 */
export function blackAndWhite(image: RgbaImage): void {
  const { width, height, data } = image
  const grey = new Uint8Array(width * height)
  for (let i = 0, o = 0; i < grey.length; i++, o += 4) grey[i] = (77 * data[o]! + 150 * data[o + 1]! + 29 * data[o + 2]!) >> 8
  const r = Math.max(7, Math.round(Math.max(width, height) / 32))
  // Column sums over rows [y0, y1) of the current window.
  const columns = new Uint32Array(width)
  let y0 = 0
  let y1 = 0
  for (let y = 0; y < height; y++) {
    const wantedTop = Math.max(0, y - r)
    const wantedBottom = Math.min(height, y + r + 1)
    for (; y1 < wantedBottom; y1++) for (let x = 0, i = y1 * width; x < width; x++, i++) columns[x]! += grey[i]!
    for (; y0 < wantedTop; y0++) for (let x = 0, i = y0 * width; x < width; x++, i++) columns[x]! -= grey[i]!
    const rows = y1 - y0
    let sum = 0
    let x0 = 0
    let x1 = 0
    for (let x = 0; x < width; x++) {
      const wantedRight = Math.min(width, x + r + 1)
      const wantedLeft = Math.max(0, x - r)
      for (; x1 < wantedRight; x1++) sum += columns[x1]!
      for (; x0 < wantedLeft; x0++) sum -= columns[x0]!
      const mean = sum / ((x1 - x0) * rows)
      const v = grey[y * width + x]!
      const ink = v < mean * 0.85 && v < 200
      const o = (y * width + x) * 4
      data[o] = data[o + 1] = data[o + 2] = ink ? 0 : 255
    }
  }
}
