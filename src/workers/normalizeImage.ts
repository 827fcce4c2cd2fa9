/**
 * Turns one photo into a page (long side ≤ maxPagePx, JPEG q 0.8) and a thumbnail (≤ thumbPx) from a single
 * decode at the size we need. Runs in the worker, and on the main thread where a browser has no
 * OffscreenCanvas; the caller passes the drawing surface that works where it runs.
 */
import { fitLongSide, orientedSize, planDecode, type Size } from '../lib/decodeTarget'
import { IMAGE_MESSAGES } from '../lib/imageSniff'
import type { DecodeMethod, FailureReason, SniffedImage } from './imageProtocol'

/** Draws `bitmap` scaled to `size` and encodes it as a JPEG; frees its canvas before resolving. */
export type EncodeJpeg = (bitmap: ImageBitmap, size: Size) => Promise<Blob>

export interface NormalizeImageInput {
  file: Blob
  sniff: SniffedImage
  maxPagePx: number
  thumbPx: number
  forceBitmapResize?: boolean
}

export interface NormalizeImageEnv {
  encodeJpeg: EncodeJpeg
  /** The method name to report for the createImageBitmap path (`main-thread` when run there). */
  bitmapMethod: DecodeMethod
  /** Called with the pixels about to be decoded. */
  onDecoding?: (pixels: number) => void
}

export interface NormalizedOutput {
  page: Blob
  thumb: Blob
  width: number
  height: number
  mime: string
  keptOriginal: boolean
  decoded: { width: number; height: number; method: DecodeMethod }
}

/** A refusal with the sentence to show the clerk. */
export class NormalizeError extends Error {
  constructor(
    readonly reason: FailureReason,
    message: string,
  ) {
    super(message)
    this.name = 'NormalizeError'
  }
}

export const JPEG_QUALITY = 0.8

// Formats every browser we support shows in an <img>, so a small one can be kept byte for byte.
const KEEPABLE = new Set(['jpeg', 'png', 'webp'])

/** Decodes once, then encodes the page (unless kept as it is) and the thumbnail from that one bitmap. */
export async function normalizeImage(input: NormalizeImageInput, env: NormalizeImageEnv): Promise<NormalizedOutput> {
  const { file, sniff, maxPagePx, thumbPx } = input
  const coded = sniff.width && sniff.height ? { width: sniff.width, height: sniff.height } : null
  const shown = coded ? orientedSize(coded, sniff.orientation) : null
  const keep = !!shown && KEEPABLE.has(sniff.kind) && Math.max(shown.width, shown.height) <= maxPagePx
  // A kept page only needs a thumbnail, so decode for that; otherwise for the page.
  const longSide = keep ? thumbPx : maxPagePx

  const { bitmap, method } = await decode(input, coded, longSide, env)
  try {
    const decoded = { width: bitmap.width, height: bitmap.height, method }
    // Sizes come from the photo's true size where known: an n/8 decode is off by a pixel in aspect.
    const full = shown ?? decoded
    const thumbSize = fitLongSide(full, thumbPx)
    if (keep) {
      const thumb = await encode(env.encodeJpeg, bitmap, thumbSize)
      return { page: file, thumb, ...full, mime: sniff.mime, keptOriginal: true, decoded }
    }
    const pageSize = fitLongSide(full, maxPagePx)
    const page = await encode(env.encodeJpeg, bitmap, pageSize)
    const thumb = await encode(env.encodeJpeg, bitmap, thumbSize)
    return { page, thumb, ...pageSize, mime: 'image/jpeg', keptOriginal: false, decoded }
  } finally {
    bitmap.close()
  }
}

async function decode(
  input: NormalizeImageInput,
  coded: Size | null,
  longSide: number,
  env: NormalizeImageEnv,
): Promise<{ bitmap: ImageBitmap; method: DecodeMethod }> {
  const { sniff, file } = input
  const plan = coded ? planDecode(coded, longSide) : null
  const useDecoder = !input.forceBitmapResize && typeof ImageDecoder === 'function'
  if (useDecoder && !(await ImageDecoder.isTypeSupported(sniff.mime))) {
    throw new NormalizeError('unsupported', sniff.kind === 'heic' ? IMAGE_MESSAGES.heic : IMAGE_MESSAGES.unsupported(sniff.kind))
  }
  try {
    if (useDecoder) {
      // Only Chromium's JPEG decoder scales while decoding; other formats decode at full size.
      const scaled = sniff.kind === 'jpeg' && plan?.needsResize
      env.onDecoding?.(scaled ? plan.decode.width * plan.decode.height : coded ? coded.width * coded.height : 0)
      return { bitmap: await decodeWithImageDecoder(file, sniff.mime, scaled ? plan.decode : null), method: 'image-decoder' }
    }
    // createImageBitmap decodes at full size first, then resizes.
    env.onDecoding?.(coded ? coded.width * coded.height : 0)
    const resize = plan?.needsResize ? orientedSize(plan.decode, sniff.orientation) : null
    const options: ImageBitmapOptions = { imageOrientation: 'from-image' }
    if (resize) Object.assign(options, { resizeWidth: resize.width, resizeHeight: resize.height, resizeQuality: 'high' })
    return { bitmap: await createImageBitmap(file, options), method: env.bitmapMethod }
  } catch (error) {
    if (error instanceof NormalizeError) throw error
    if (sniff.kind === 'heic') throw new NormalizeError('unsupported', IMAGE_MESSAGES.heic)
    throw new NormalizeError('damaged', IMAGE_MESSAGES.damaged)
  }
}

/**
 * WebCodecs decode straight to the requested size, then `createImageBitmap(frame)`: that applies the EXIF
 * rotation the frame carries and lets us close the frame at once. Drawing the VideoFrame itself was
 * measured to keep ~76 MB per photo alive.
 */
async function decodeWithImageDecoder(file: Blob, type: string, size: Size | null): Promise<ImageBitmap> {
  const init: ImageDecoderInit = { data: file.stream(), type, preferAnimation: false }
  if (size) Object.assign(init, { desiredWidth: size.width, desiredHeight: size.height })
  const decoder = new ImageDecoder(init)
  try {
    const { image } = await decoder.decode({ frameIndex: 0, completeFramesOnly: true })
    try {
      return await createImageBitmap(image)
    } finally {
      image.close()
    }
  } finally {
    decoder.close()
  }
}

async function encode(encodeJpeg: EncodeJpeg, bitmap: ImageBitmap, size: Size): Promise<Blob> {
  try {
    return await encodeJpeg(bitmap, size)
  } catch (error) {
    const detail = error instanceof Error ? ` (${error.message})` : ''
    throw new NormalizeError('failed', `This image couldn't be converted${detail}; please try again or remove some pages first.`)
  }
}
