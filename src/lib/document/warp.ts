/**
 * Flattens the document: every pixel of the output rectangle is looked up in the photo through the
 * homography from the rectangle to the document's corners, and sampled bilinearly. Pure, at page size, in
 * the worker.
 */
import type { Size } from '../decodeTarget'
import { homography, rectQuad, type Quad } from './geometry'
import type { RgbaImage } from './raster'

/**
 * The part of `source` inside `corners` (pixels, [tl, tr, br, bl]) as a flat `size` rectangle. Samples outside
 * the photo (a corner dragged past its edge) come out white, like paper.
 */
export function warpPerspective(source: RgbaImage, corners: Quad, size: Size): RgbaImage {
  const { width, height } = size
  const h = homography(rectQuad(size), corners)
  if (!h) throw new RangeError('the corners do not make a quadrilateral')
  const out = new Uint8ClampedArray(width * height * 4)
  const sw = source.width
  const sh = source.height
  const src = source.data
  const [h0, h1, h2, h3, h4, h5, h6, h7, h8] = h as unknown as number[]
  let o = 0
  for (let v = 0; v < height; v++) {
    const cy = v + 0.5
    for (let u = 0; u < width; u++, o += 4) {
      const cx = u + 0.5
      const w = h6! * cx + h7! * cy + h8!
      // Pixel centres: the source point minus half a pixel is where bilinear weights are measured from.
      const x = (h0! * cx + h1! * cy + h2!) / w - 0.5
      const y = (h3! * cx + h4! * cy + h5!) / w - 0.5
      if (x < -0.5 || y < -0.5 || x > sw - 0.5 || y > sh - 0.5) {
        out[o] = out[o + 1] = out[o + 2] = out[o + 3] = 255
        continue
      }
      const x0 = Math.max(0, Math.floor(x))
      const y0 = Math.max(0, Math.floor(y))
      const x1 = Math.min(sw - 1, x0 + 1)
      const y1 = Math.min(sh - 1, y0 + 1)
      const fx = Math.min(1, Math.max(0, x - x0))
      const fy = Math.min(1, Math.max(0, y - y0))
      const a = (y0 * sw + x0) * 4
      const b = (y0 * sw + x1) * 4
      const c = (y1 * sw + x0) * 4
      const d = (y1 * sw + x1) * 4
      for (let k = 0; k < 3; k++) {
        const top = src[a + k]! + (src[b + k]! - src[a + k]!) * fx
        const bottom = src[c + k]! + (src[d + k]! - src[c + k]!) * fx
        out[o + k] = top + (bottom - top) * fy
      }
      out[o + 3] = 255
    }
  }
  return { width, height, data: out }
}
