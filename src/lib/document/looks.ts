/**
 * The looks a page can have: as photographed, a clean `document` (paper made white, shadows flattened, text
 * darkened) and `bw` (black text on white, adaptive threshold: the smallest file). Pure, in place on the
 * page's pixels, so the worker holds one page-size buffer, not two.
 */
import { clamp, integralImage, type GreyImage, type RgbaImage } from './raster'

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
 * stretches so faint paper becomes white and print gets darker.
 */
function flattenPaper(image: RgbaImage): void {
  const { width, height, data } = image
  const cell = Math.max(8, Math.round(Math.max(width, height) / 48))
  const background = paperColour(image, cell)
  const gw = Math.ceil(width / cell)
  const gh = Math.ceil(height / cell)
  const black = 0.12
  const white = 0.88
  for (let y = 0; y < height; y++) {
    // Bilinear between cell centres, so no cell's edge shows as a step.
    const gy = clamp((y + 0.5) / cell - 0.5, 0, gh - 1)
    const y0 = Math.floor(gy)
    const y1 = Math.min(gh - 1, y0 + 1)
    const fy = gy - y0
    for (let x = 0; x < width; x++) {
      const gx = clamp((x + 0.5) / cell - 0.5, 0, gw - 1)
      const x0 = Math.floor(gx)
      const x1 = Math.min(gw - 1, x0 + 1)
      const fx = gx - x0
      const o = (y * width + x) * 4
      for (let k = 0; k < 3; k++) {
        const a = background[(y0 * gw + x0) * 3 + k]!
        const b = background[(y0 * gw + x1) * 3 + k]!
        const c = background[(y1 * gw + x0) * 3 + k]!
        const d = background[(y1 * gw + x1) * 3 + k]!
        const paper = (a + (b - a) * fx) * (1 - fy) + (c + (d - c) * fx) * fy
        const level = data[o + k]! / Math.max(24, paper)
        data[o + k] = clamp(((level - black) / (white - black)) * 255, 0, 255)
      }
    }
  }
}

/**
 * The paper's colour per cell: the brightest 4×4 block mean in it (print is darker than paper, so some block
 * in most cells is bare paper), then spread over two cells so a cell filled by a logo or a barcode borrows
 * its neighbours' paper rather than making the logo white.
 */
function paperColour(image: RgbaImage, cell: number): Float32Array {
  const { width, height, data } = image
  const gw = Math.ceil(width / cell)
  const gh = Math.ceil(height / cell)
  const best = new Float32Array(gw * gh * 3)
  const bestLuma = new Float32Array(gw * gh).fill(-1)
  for (let by = 0; by < height; by += 4) {
    for (let bx = 0; bx < width; bx += 4) {
      let r = 0
      let g = 0
      let b = 0
      let n = 0
      for (let y = by; y < Math.min(height, by + 4); y++) {
        for (let x = bx; x < Math.min(width, bx + 4); x++) {
          const o = (y * width + x) * 4
          r += data[o]!
          g += data[o + 1]!
          b += data[o + 2]!
          n++
        }
      }
      const c = Math.floor(by / cell) * gw + Math.floor(bx / cell)
      const luma = (77 * r + 150 * g + 29 * b) / n
      if (luma > bestLuma[c]!) {
        bestLuma[c] = luma
        best[c * 3] = r / n
        best[c * 3 + 1] = g / n
        best[c * 3 + 2] = b / n
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
 * the window around it; the window is a sixteenth of the page, larger than any letter.
 */
function threshold(image: RgbaImage): void {
  const { width, height, data } = image
  const grey: GreyImage = { width, height, data: new Uint8Array(width * height) }
  for (let i = 0, o = 0; i < grey.data.length; i++, o += 4) grey.data[i] = (77 * data[o]! + 150 * data[o + 1]! + 29 * data[o + 2]!) >> 8
  const sums = integralImage(grey)
  const stride = width + 1
  const r = Math.max(7, Math.round(Math.max(width, height) / 32))
  for (let y = 0; y < height; y++) {
    const y0 = Math.max(0, y - r)
    const y1 = Math.min(height, y + r + 1)
    for (let x = 0; x < width; x++) {
      const x0 = Math.max(0, x - r)
      const x1 = Math.min(width, x + r + 1)
      const sum = sums[y1 * stride + x1]! - sums[y0 * stride + x1]! - sums[y1 * stride + x0]! + sums[y0 * stride + x0]!
      const mean = sum / ((x1 - x0) * (y1 - y0))
      const v = grey.data[y * width + x]!
      const ink = v < mean * 0.85 && v < 200
      const o = (y * width + x) * 4
      data[o] = data[o + 1] = data[o + 2] = ink ? 0 : 255
    }
  }
}
