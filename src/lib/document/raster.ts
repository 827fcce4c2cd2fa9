/**
 * The pixel buffers the document maths works on, and the small operations every step needs. Pure: no DOM,
 * so the same code runs in the image worker, in Node tests and in the bench.
 */

/** RGBA pixels, laid out as ImageData's are (which satisfies this type). */
export interface RgbaImage {
  width: number
  height: number
  data: Uint8ClampedArray | Uint8Array
}

/** One byte of luminance per pixel. */
export interface GreyImage {
  width: number
  height: number
  data: Uint8Array
}

/**
 * The order of a four-byte pixel's colours: ImageData's RGBA, or BGRA, which is how a canvas keeps its
 * pixels in Chromium and what a VideoFrame of it hands over without converting.
 */
export type ChannelOrder = 'rgba' | 'bgra'

/**
 * Rec. 601 luma in integer maths (weights × 256), what "greyscale" means everywhere in this folder. Written
 * into `into` (≥ one byte per pixel) where given, so the worker can reuse its buffer.
 */
export function toGrey(image: RgbaImage, into?: Uint8Array, order: ChannelOrder = 'rgba'): GreyImage {
  const { width, height, data } = image
  const out = into ? into.subarray(0, width * height) : new Uint8Array(width * height)
  if (out.length < width * height) throw new RangeError('the buffer is smaller than the image')
  const [red, blue] = order === 'rgba' ? [0, 2] : [2, 0]
  for (let i = 0, p = 0; i < out.length; i++, p += 4) {
    out[i] = (77 * data[p + red]! + 150 * data[p + 1]! + 29 * data[p + blue]!) >> 8
  }
  return { width, height, data: out }
}

/**
 * Area-averaged copy whose long side is at most `maxSide` (never upscaled). Averaging, not sampling, so
 * thin dark lines (text, a table's edge) do not alias into noise at 512 px.
 */
export function shrinkGrey(image: GreyImage, maxSide: number): GreyImage {
  const long = Math.max(image.width, image.height)
  if (long <= maxSide) return { width: image.width, height: image.height, data: image.data.slice() }
  const scale = maxSide / long
  const width = Math.max(1, Math.round(image.width * scale))
  const height = Math.max(1, Math.round(image.height * scale))
  // Integer sums: a 12 MP photo shrunk to 512 px puts ~60 pixels of ≤ 255 in a cell, far below 2³².
  const sums = new Uint32Array(width * height)
  const counts = new Uint32Array(width * height)
  const xMap = new Uint32Array(image.width)
  for (let x = 0; x < image.width; x++) xMap[x] = Math.min(width - 1, Math.floor((x * width) / image.width))
  for (let y = 0; y < image.height; y++) {
    const row = Math.min(height - 1, Math.floor((y * height) / image.height)) * width
    const from = y * image.width
    for (let x = 0; x < image.width; x++) {
      const o = row + xMap[x]!
      sums[o]! += image.data[from + x]!
      counts[o]!++
    }
  }
  const data = new Uint8Array(width * height)
  for (let i = 0; i < data.length; i++) {
    const n = Math.max(1, counts[i]!)
    data[i] = Math.floor((2 * sums[i]! + n) / (2 * n))
  }
  return { width, height, data }
}

/** Box blur of radius `r` (a (2r+1)² window, clamped at the borders) via running sums: O(pixels) for any r. */
export function boxBlur(image: GreyImage, r: number): GreyImage {
  const { width, height } = image
  const tmp = new Float32Array(width * height)
  const out = new Uint8Array(width * height)
  for (let y = 0; y < height; y++) {
    const row = y * width
    let sum = 0
    for (let x = -r; x <= r; x++) sum += image.data[row + clamp(x, 0, width - 1)]!
    for (let x = 0; x < width; x++) {
      tmp[row + x] = sum / (2 * r + 1)
      sum += image.data[row + clamp(x + r + 1, 0, width - 1)]! - image.data[row + clamp(x - r, 0, width - 1)]!
    }
  }
  for (let x = 0; x < width; x++) {
    let sum = 0
    for (let y = -r; y <= r; y++) sum += tmp[clamp(y, 0, height - 1) * width + x]!
    for (let y = 0; y < height; y++) {
      out[y * width + x] = Math.round(sum / (2 * r + 1))
      sum += tmp[clamp(y + r + 1, 0, height - 1) * width + x]! - tmp[clamp(y - r, 0, height - 1) * width + x]!
    }
  }
  return { width, height, data: out }
}

/** The value below which `fraction` of the pixels lie (0–255), from a histogram. */
export function percentile(histogram: Uint32Array, fraction: number): number {
  let total = 0
  for (const count of histogram) total += count
  const wanted = fraction * total
  let seen = 0
  for (let v = 0; v < histogram.length; v++) {
    seen += histogram[v]!
    if (seen >= wanted && seen > 0) return v
  }
  return histogram.length - 1
}

export function clamp(value: number, low: number, high: number): number {
  return value < low ? low : value > high ? high : value
}
