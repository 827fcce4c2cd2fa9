/**
 * The looks a page can have: as photographed, a clean `document` (paper made white, shadows flattened, text
 * darkened) and `bw` (black text on white, adaptive threshold: the smallest file). Pure, in place on the
 * page's pixels, so the worker holds one page-size buffer, not two.
 */
import { clamp, type RgbaImage } from './raster'

export type PageLook = 'original' | 'document' | 'bw'

export const PAGE_LOOKS: readonly PageLook[] = ['original', 'document', 'bw']

/** The look a page gets unless the clerk chose another (see the Settings default). */
export const DEFAULT_PAGE_LOOK: PageLook = 'document'

/** True for a value that names a look (a page record or a setting read back from storage). */
export function isPageLook(value: unknown): value is PageLook {
  return typeof value === 'string' && (PAGE_LOOKS as readonly string[]).includes(value)
}

/** Applies `look` to `image` in place and returns it. */
export function applyLook(image: RgbaImage, look: PageLook): RgbaImage {
  if (look === 'original') return image
  flattenPaper(image)
  if (look === 'bw') threshold(image)
  return image
}

/**
 * Divides each channel by the paper's own colour around it (white balance and shadows in one step), then
 * stretches so faint paper becomes white and print gets darker. The paper's colour is known per cell and
 * interpolated between cell centres, so no cell's edge shows as a step. This loop was the document step's
 * largest cost on a 3 MP page, so it is integer work: the interpolation in fixed point with tables made per
 * row and per column, and the division and stretch a look-up in a table by (paper, value), the paper
 * rounded to a whole level (at most half a level's difference in the output).
 */
function flattenPaper(image: RgbaImage): void {
  const { width, height, data } = image
  const cell = Math.max(8, Math.round(Math.max(width, height) / 48))
  const background = paperColour(image, cell)
  const gw = Math.ceil(width / cell)
  const gh = Math.ceil(height / cell)
  const black = 0.12
  const white = 0.88
  const mapped = new Uint8Array(256 * 256)
  for (let paper = 0; paper < 256; paper++) {
    const scale = 255 / ((white - black) * Math.max(24, paper))
    const offset = (black / (white - black)) * 255
    for (let v = 0; v < 256; v++) mapped[(paper << 8) | v] = clamp(Math.round(v * scale - offset), 0, 255)
  }
  // Where each column sits between cell centres: the left and right cells' offsets into a row, and the
  // right one's weight in 256ths.
  const left = new Int32Array(width)
  const right = new Int32Array(width)
  const weight = new Int32Array(width)
  for (let x = 0; x < width; x++) {
    const gx = clamp((x + 0.5) / cell - 0.5, 0, gw - 1)
    const x0 = Math.floor(gx)
    left[x] = x0 * 3
    right[x] = Math.min(gw - 1, x0 + 1) * 3
    weight[x] = Math.round((gx - x0) * 256)
  }
  // The paper's colour along this row at each cell, in 16ths of a level.
  const row = new Int32Array(gw * 3)
  for (let y = 0; y < height; y++) {
    const gy = clamp((y + 0.5) / cell - 0.5, 0, gh - 1)
    const y0 = Math.floor(gy)
    const top = y0 * gw * 3
    const bottom = Math.min(gh - 1, y0 + 1) * gw * 3
    const fy = gy - y0
    for (let i = 0; i < row.length; i++)
      row[i] = Math.round((background[top + i]! + (background[bottom + i]! - background[top + i]!) * fy) * 16)
    for (let x = 0, o = y * width * 4; x < width; x++, o += 4) {
      const a = left[x]!
      const b = right[x]!
      const w = weight[x]!
      // (16ths × 256ths) → whole levels, rounded: the table's row.
      data[o] = mapped[(((row[a]! * (256 - w) + row[b]! * w + 2048) >> 12) << 8) | data[o]!]!
      data[o + 1] = mapped[(((row[a + 1]! * (256 - w) + row[b + 1]! * w + 2048) >> 12) << 8) | data[o + 1]!]!
      data[o + 2] = mapped[(((row[a + 2]! * (256 - w) + row[b + 2]! * w + 2048) >> 12) << 8) | data[o + 2]!]!
    }
  }
}

/**
 * The paper's colour per cell: the brightest 4×4 block mean in it (print is darker than paper, so some block
 * in most cells is bare paper), then spread over two cells so a cell filled by a logo or a barcode borrows
 * its neighbours' paper rather than making the logo white. Blocks are summed four rows at a time into one
 * row of sums, so each pixel is read once.
 */
function paperColour(image: RgbaImage, cell: number): Float32Array {
  const { width, height, data } = image
  const gw = Math.ceil(width / cell)
  const gh = Math.ceil(height / cell)
  const best = new Float32Array(gw * gh * 3)
  const bestLuma = new Float32Array(gw * gh).fill(-1)
  const blocks = Math.ceil(width / 4)
  const sums = new Uint32Array(blocks * 3)
  const blockCell = new Int32Array(blocks)
  const blockWidth = new Int32Array(blocks)
  for (let b = 0; b < blocks; b++) {
    blockCell[b] = Math.floor((b * 4) / cell)
    blockWidth[b] = Math.min(width, b * 4 + 4) - b * 4
  }
  for (let by = 0; by < height; by += 4) {
    sums.fill(0)
    const rows = Math.min(height, by + 4) - by
    for (let y = by; y < by + rows; y++) {
      for (let x = 0, o = y * width * 4; x < width; x++, o += 4) {
        const s = (x >> 2) * 3
        sums[s]! += data[o]!
        sums[s + 1]! += data[o + 1]!
        sums[s + 2]! += data[o + 2]!
      }
    }
    const cellRow = Math.floor(by / cell) * gw
    for (let b = 0; b < blocks; b++) {
      const n = rows * blockWidth[b]!
      const r = sums[b * 3]!
      const g = sums[b * 3 + 1]!
      const bl = sums[b * 3 + 2]!
      const c = cellRow + blockCell[b]!
      const luma = (77 * r + 150 * g + 29 * bl) / n
      if (luma > bestLuma[c]!) {
        bestLuma[c] = luma
        best[c * 3] = r / n
        best[c * 3 + 1] = g / n
        best[c * 3 + 2] = bl / n
      }
    }
  }
  const spread = new Float32Array(best.length)
  for (let y = 0; y < gh; y++) {
    for (let x = 0; x < gw; x++) {
      let top = -1
      let at = y * gw + x
      for (let dy = -2; dy <= 2; dy++) {
        for (let dx = -2; dx <= 2; dx++) {
          const yy = y + dy
          const xx = x + dx
          if (yy < 0 || xx < 0 || yy >= gh || xx >= gw) continue
          if (bestLuma[yy * gw + xx]! > top) [top, at] = [bestLuma[yy * gw + xx]!, yy * gw + xx]
        }
      }
      spread.set(best.subarray(at * 3, at * 3 + 3), (y * gw + x) * 3)
    }
  }
  return spread
}

/**
 * Bradley's adaptive threshold on the flattened page: a pixel is ink when it is 15 % darker than the mean of
 * the window around it; the window is a sixteenth of the page, larger than any letter. The window's sum is
 * kept running (a column sum per x, moved down a row at a time, and a sum along the row), so no page-size
 * table of sums is held.
 */
function threshold(image: RgbaImage): void {
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
