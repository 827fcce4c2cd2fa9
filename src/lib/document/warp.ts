/**
 * Flattens the document: every pixel of the output rectangle is looked up in the photo through the
 * homography from the rectangle to the document's corners, and sampled bilinearly. Pure: the reference the
 * worker's canvas drawing (warpPatches) is checked against in the browser, and the page the readability
 * tests measure in Node. The worker itself draws patches, several times faster than this loop.
 */
import type { Size } from '../decodeTarget'
import { homography, rectQuad, type Quad } from './geometry'
import type { RgbaImage } from './raster'

/**
 * The part of `source` inside `corners` (pixels, [tl, tr, br, bl]) as a flat `size` rectangle. Samples outside
 * the photo (a corner dragged past its edge) come out white, like paper. `into` (≥ size's pixels × 4, every
 * byte overwritten) lets the worker reuse one buffer from job to job instead of leaving 12 MB of garbage each.
 */
export function warpPerspective(source: RgbaImage, corners: Quad, size: Size, into?: Uint8ClampedArray): RgbaImage {
  const { width, height } = size
  const h = homography(rectQuad(size), corners)
  if (!h) throw new RangeError('the corners do not make a quadrilateral')
  const out = into ? into.subarray(0, width * height * 4) : new Uint8ClampedArray(width * height * 4)
  if (out.length < width * height * 4) throw new RangeError('the buffer is smaller than the flattened page')
  const sw = source.width
  const sh = source.height
  const src = source.data
  const [h0, h1, h2, h3, h4, h5, h6, h7, h8] = h as unknown as number[]
  let o = 0
  for (let v = 0; v < height; v++) {
    const cy = v + 0.5
    // Along a row the homography's numerators and denominator grow by a constant per pixel: added, not remade.
    let nx = h0! * 0.5 + h1! * cy + h2!
    let ny = h3! * 0.5 + h4! * cy + h5!
    let w = h6! * 0.5 + h7! * cy + h8!
    for (let u = 0; u < width; u++, o += 4, nx += h0!, ny += h3!, w += h6!) {
      // Pixel centres: the source point minus half a pixel is where bilinear weights are measured from.
      const iw = 1 / w
      const x = nx * iw - 0.5
      const y = ny * iw - 0.5
      if (x < -0.5 || y < -0.5 || x > sw - 0.5 || y > sh - 0.5) {
        out[o] = out[o + 1] = out[o + 2] = out[o + 3] = 255
        continue
      }
      // Truncation is the floor here: a negative x (down to −0.5) is clamped to 0 either way.
      const x0 = x < 0 ? 0 : x | 0
      const y0 = y < 0 ? 0 : y | 0
      const x1 = x0 + 1 < sw ? x0 + 1 : sw - 1
      const y1 = y0 + 1 < sh ? y0 + 1 : sh - 1
      const dx = x - x0
      const dy = y - y0
      // Weights in 256ths, so the blend is integer work (at most one level from the exact float blend).
      const fx = dx <= 0 ? 0 : dx >= 1 ? 256 : (dx * 256 + 0.5) | 0
      const fy = dy <= 0 ? 0 : dy >= 1 ? 256 : (dy * 256 + 0.5) | 0
      const gx = 256 - fx
      const gy = 256 - fy
      const a = (y0 * sw + x0) * 4
      const b = (y0 * sw + x1) * 4
      const c = (y1 * sw + x0) * 4
      const d = (y1 * sw + x1) * 4
      // The three channels written out: a loop over k here was a third of the warp's time.
      out[o] = ((src[a]! * gx + src[b]! * fx) * gy + (src[c]! * gx + src[d]! * fx) * fy + 32768) >> 16
      out[o + 1] = ((src[a + 1]! * gx + src[b + 1]! * fx) * gy + (src[c + 1]! * gx + src[d + 1]! * fx) * fy + 32768) >> 16
      out[o + 2] = ((src[a + 2]! * gx + src[b + 2]! * fx) * gy + (src[c + 2]! * gx + src[d + 2]! * fx) * fy + 32768) >> 16
      out[o + 3] = 255
    }
  }
  return { width, height, data: out }
}
