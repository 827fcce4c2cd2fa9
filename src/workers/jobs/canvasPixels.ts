/**
 * Moving a page's pixels between canvases and script, in the few forms the document step needs: halved
 * copies (the browser averages while it draws), bands of the page's rows in grey, and its RGBA read into a
 * reused buffer. Page-size work stays in the browser's drawing code; script sees small images or one
 * byte per pixel.
 */
import type { Size } from '../../lib/decodeTarget'
import { toGrey, type ChannelOrder, type RgbaImage } from '../../lib/document/raster'
import type { BandSample, GreyBands } from '../../lib/document/readability'
import type { DrawSource } from '../canvasSurface'

/** A canvas and the size of what is drawn on it. */
export interface SizedCanvas {
  canvas: OffscreenCanvas
  size: Size
}

/** The canvas's 2D context; a canvas that has none (out of memory) fails the job. */
export function context2d(canvas: OffscreenCanvas): OffscreenCanvasRenderingContext2D {
  const context = canvas.getContext('2d')
  if (!context) throw new Error('no 2D context')
  return context
}

/**
 * `source` drawn at half its size `times` times over. Each halving with bilinear smoothing samples exactly
 * between four pixels, so it is their mean: after two, each pixel is the mean of a 4×4 block, as an area
 * average would make it (a single sampled downscale aliases print into noise). The page goes through in
 * strips of rows, each halved onto a small canvas reused for the next: halving the whole page first made a
 * canvas a quarter of its size (3 MB on a 3 MP page) for a moment, which the capture bench's one-photo peak
 * showed (+31 and +31 MB in strips against +34 and +33 MB, alternating runs).
 */
export function halve(source: DrawSource, size: Size, times: number): SizedCanvas {
  if (times < 1) throw new RangeError('halve at least once')
  // sizes[i]: the image halved i times, each level rounded to whole pixels as a whole-image draw makes it.
  const sizes: Size[] = [size]
  for (let i = 0; i < times; i++) {
    const from = sizes[i]!
    sizes.push({ width: Math.max(1, Math.round(from.width / 2)), height: Math.max(1, Math.round(from.height / 2)) })
  }
  const block = 2 ** times
  // A multiple of the block, so every strip but the last starts on a block's first row at every level.
  const stripRows = block * STRIP_BLOCKS
  const made = smoothCanvas(sizes[times]!)
  // One canvas per level in between, a strip high, each strip replacing the last ('copy': where a page is
  // transparent, the strip before must not show through).
  const between = sizes.slice(1, times).map((level, i) => smoothCanvas({ width: level.width, height: stripRows / 2 ** (i + 1) }))
  for (const { context } of between) context.globalCompositeOperation = 'copy'
  for (let y = 0; y < size.height; y += stripRows) {
    const last = y + stripRows >= size.height
    // The strip's first row and row count at level i; the last strip takes what is left at every level.
    const rowsAt = (i: number) => (last ? sizes[i]!.height - y / 2 ** i : stripRows / 2 ** i)
    let from: DrawSource = source
    let fromY = y
    for (let i = 1; i <= times; i++) {
      const into = i === times ? made : between[i - 1]!
      const intoY = i === times ? y / block : 0
      into.context.drawImage(from, 0, fromY, sizes[i - 1]!.width, rowsAt(i - 1), 0, intoY, sizes[i]!.width, rowsAt(i))
      from = into.canvas
      fromY = 0
    }
  }
  for (const { canvas } of between) canvas.width = canvas.height = 0
  return { canvas: made.canvas, size: sizes[times]! }
}

// Strips of this many blocks' rows: for two halvings 256 rows of the page, and a canvas in between of 1000 ×
// 128 px (512 KB) on a 2000 px wide page. Fewer, taller strips would save little drawing and need a taller one.
const STRIP_BLOCKS = 64

function smoothCanvas(size: Size): { canvas: OffscreenCanvas; context: OffscreenCanvasRenderingContext2D } {
  const canvas = new OffscreenCanvas(size.width, size.height)
  const context = context2d(canvas)
  context.imageSmoothingEnabled = true
  context.imageSmoothingQuality = 'low'
  return { canvas, context }
}

/** A small canvas's RGBA pixels (getImageData: fine at a few hundred pixels a side). */
export function readSmall({ canvas, size }: SizedCanvas): RgbaImage {
  return context2d(canvas).getImageData(0, 0, size.width, size.height)
}

/**
 * A band of `rows` rows in every `every`, in grey, into `into` (≥ width × rows per band): the sample the
 * readability check measures (an eighth of the page read and walked, rather than all of it).
 */
export async function readGreyBands(
  canvas: OffscreenCanvas,
  size: Size,
  into: Uint8Array,
  { rows, every }: BandSample,
): Promise<GreyBands> {
  const { width, height } = size
  const strip = new Uint8ClampedArray(width * rows * 4)
  const bands: GreyBands['bands'] = []
  const reader = await stripReader(canvas, size)
  try {
    let offset = 0
    for (let y = 0; y < height; y += every) {
      const count = Math.min(rows, height - y)
      const pixels = await reader.read(y, count, strip)
      const data = into.subarray(offset, offset + width * count)
      toGrey({ width, height: count, data: pixels }, data, reader.order)
      bands.push({ y, data })
      offset += width * count
    }
  } finally {
    reader.close()
  }
  return { width, height, bands }
}

/** Bytes readGreyBands needs for a page of `size`. */
export function greyBandsBytes({ width, height }: Size, { rows, every }: BandSample): number {
  return width * (Math.floor(height / every) * rows + Math.min(rows, height % every))
}

/** The canvas's RGBA pixels copied into `into` (≥ width × height × 4 bytes), by the same reader. */
export async function readRgba(canvas: OffscreenCanvas, size: Size, into: Uint8ClampedArray<ArrayBuffer>): Promise<RgbaImage> {
  const reader = await stripReader(canvas, size)
  try {
    const data = await reader.read(0, size.height, into)
    if (reader.order === 'bgra') swapRedAndBlue(data)
    return { ...size, data }
  } finally {
    reader.close()
  }
}

function swapRedAndBlue(data: Uint8ClampedArray): void {
  for (let o = 0; o < data.length; o += 4) {
    const red = data[o + 2]!
    data[o + 2] = data[o]!
    data[o] = red
  }
}

interface StripReader {
  /** Rows [y, y + rows) into the start of `into`, four bytes a pixel in `order`. */
  read(y: number, rows: number, into: Uint8ClampedArray): Promise<Uint8ClampedArray>
  order: ChannelOrder
  close(): void
}

// VideoFrame formats whose bytes are four per pixel in an order toGrey knows: copied as they are.
const NATIVE_ORDERS: Partial<Record<VideoPixelFormat, ChannelOrder>> = { RGBA: 'rgba', RGBX: 'rgba', BGRA: 'bgra', BGRX: 'bgra' }

/**
 * Reads the canvas through a VideoFrame of it, which (unlike getImageData) keeps no copy of the page. The
 * frame's bytes are copied in its own channel order: asking copyTo for RGBA converts every pixel, measured at
 * ~10 ms for the readability bands of a 3 MP page against under 1 ms as they are (a canvas is BGRA in Chromium).
 */
async function stripReader(canvas: OffscreenCanvas, { width, height }: Size): Promise<StripReader> {
  if (typeof VideoFrame === 'function') {
    let frame: VideoFrame | null = null
    try {
      frame = new VideoFrame(canvas, { timestamp: 0 })
      if (frame.displayWidth === width && frame.displayHeight === height) {
        const open = frame
        const native = open.format ? NATIVE_ORDERS[open.format] : undefined
        const read = async (y: number, rows: number, into: Uint8ClampedArray) => {
          const view = into.subarray(0, width * rows * 4)
          const rect = { x: 0, y, width, height: rows }
          await open.copyTo(view, native ? { rect } : { rect, format: 'RGBA', colorSpace: 'srgb' })
          return view
        }
        // Tried once here, so a browser that cannot copy falls back before any strip is used.
        await read(0, 1, new Uint8ClampedArray(width * 4))
        return { read, order: native ?? 'rgba', close: () => open.close() }
      }
    } catch {
      // Falls through to getImageData.
    }
    frame?.close()
  }
  const context = context2d(canvas)
  const read = async (y: number, rows: number, into: Uint8ClampedArray) => {
    const view = into.subarray(0, width * rows * 4)
    view.set(context.getImageData(0, y, width, rows).data)
    return view
  }
  return { read, order: 'rgba', close: () => {} }
}
