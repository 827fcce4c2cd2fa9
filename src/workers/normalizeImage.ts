/**
 * Turns one photo into a page (long side ≤ maxPagePx, JPEG q 0.8) and a thumbnail (≤ thumbPx) from a single
 * decode at the size we need. Runs in the worker, and on the main thread where a browser has no
 * OffscreenCanvas; the caller passes the drawing surface that works where it runs.
 */
import { fitLongSide, orientedSize, planDecode, type Size } from '../lib/decodeTarget'
import { SHAPED_PAGES } from '../lib/imageJobBudget'
import type { ImageRefusal } from '../lib/imageRefusal'
import type { CreateSurface, DrawSource, Surface } from './canvasSurface'
import type { DecodeMethod, DocumentOutcome, DocumentRequest, NormalizedOutput, SniffedImage } from './imageProtocol'

export interface NormalizeImageInput {
  file: Blob
  sniff: SniffedImage
  maxPagePx: number
  /** 0 for no thumbnail. */
  thumbPx: number
  forceBitmapResize?: boolean
  document?: DocumentRequest
}

/**
 * The document step (worker only): shapes the page drawn on `source` and hands back a surface with it, which
 * may be `source`'s own canvas, drawn over: call it once `source` is no longer needed (the original encoded).
 */
export type ShapeDocument = (
  source: DrawSource,
  size: Size,
  request: DocumentRequest,
) => Promise<{ surface: Surface; size: Size; mime: string; outcome: Omit<DocumentOutcome, 'original'> }>

export interface NormalizeImageEnv {
  createSurface: CreateSurface
  /** The method name to report for the createImageBitmap path (`main-thread` when run there). */
  bitmapMethod: DecodeMethod
  /** Called with the pixels about to be decoded. */
  onDecoding?: (pixels: number) => void
  /** Where given, a request's `document` is honoured; elsewhere pages stay whole. */
  shapeDocument?: ShapeDocument
}

/**
 * A photo refused: the refusal travels as data. The message is for developers only; the clerk's sentence is
 * made from the refusal on the main thread (imageWorkerClient.ts), in the app's language.
 */
export class NormalizeError extends Error {
  constructor(readonly refusal: ImageRefusal) {
    super(`image refused: ${refusal.reason}`)
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
  const fits = !!shown && KEEPABLE.has(sniff.kind) && Math.max(shown.width, shown.height) <= maxPagePx
  const shaping = input.document && env.shapeDocument ? { request: input.document, shape: env.shapeDocument } : null
  const keep = fits && !shaping
  // A kept page only needs a thumbnail, so decode for that; otherwise for the page.
  const longSide = keep && thumbPx > 0 ? thumbPx : maxPagePx

  const { bitmap, method } = await decode(input, coded, longSide, env)
  const surfaces: Surface[] = []
  try {
    const decoded = { width: bitmap.width, height: bitmap.height, method }
    // Sizes come from the photo's true size where known: an n/8 decode is off by a pixel in aspect.
    const full = shown ?? decoded
    const surface = (size: Size) => {
      const made = env.createSurface(size)
      surfaces.push(made)
      return made
    }
    // The thumbnail has the shape of what it shows: a cropped page's, not the photo's.
    const makeThumb = async (from: DrawSource, size: Size) => {
      if (thumbPx <= 0) return null
      const thumbSurface = surface(fitLongSide(size, thumbPx))
      thumbSurface.draw(from)
      return encode(thumbSurface)
    }
    if (keep) {
      const thumb = await makeThumb(bitmap, full)
      return { page: file, thumb, ...full, mime: sniff.mime, keptOriginal: true, decoded }
    }
    const pageSize = fitLongSide(full, maxPagePx)
    const pageSurface = surface(pageSize)
    pageSurface.draw(bitmap)
    // The decoded pixels are not needed once drawn: free them before encoding, the peak of the job.
    bitmap.close()
    if (shaping) {
      // What a re-crop starts from: the photo itself in the formats every engine decodes alike (a re-crop
      // decodes it at the page's size again, as now), so no second JPEG of the uncropped page is made. A page
      // that fits is its own original either way (also when it is an original being shaped again).
      const photoKept = fits || (KEEPABLE.has(sniff.kind) && !shaping.request.encodeOriginal)
      const original = photoKept ? file : await encode(pageSurface)
      // Shaping holds the page's pixels about SHAPED_PAGES times over: count them.
      env.onDecoding?.(Math.ceil(pageSize.width * pageSize.height * SHAPED_PAGES))
      // The shaped page may be drawn back on the page's own canvas (the worker's does): both are released at the end.
      const shaped = await shaping.shape(pageSurface.source, pageSize, shaping.request)
      surfaces.push(shaped.surface)
      const untouched = !shaped.outcome.corners && !shaped.outcome.turn && shaped.outcome.look === 'original'
      // Untouched, the page is the original where that is the page's own size.
      const asOriginal = untouched && (fits || !photoKept)
      const shapedPage = asOriginal ? original : await encode(shaped.surface)
      const thumb = await makeThumb(shaped.surface.source, shaped.size)
      const mime = asOriginal && fits ? sniff.mime : shaped.mime
      const document = { original, ...shaped.outcome }
      return { page: shapedPage, thumb, ...shaped.size, mime, keptOriginal: untouched && fits, decoded, document }
    }
    const page = fits ? file : await encode(pageSurface)
    // The thumbnail comes from the same decode, via the page already drawn from it.
    const thumb = await makeThumb(pageSurface.source, pageSize)
    pageSurface.release()
    return { page, thumb, ...pageSize, mime: 'image/jpeg', keptOriginal: false, decoded }
  } finally {
    bitmap.close()
    for (const made of surfaces) made.release()
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
    throw new NormalizeError({ reason: 'unsupported', kind: sniff.kind })
  }
  try {
    if (useDecoder) {
      // Only Chromium's JPEG decoder scales while decoding; other formats decode at full size.
      const scaled = sniff.kind === 'jpeg' && plan?.needsResize
      env.onDecoding?.(scaled ? plan.decode.width * plan.decode.height : coded ? coded.width * coded.height : 0)
      return { bitmap: await decodeWithImageDecoder(file, sniff.mime, scaled ? plan.decode : null), method: 'image-decoder' }
    }
    // createImageBitmap decodes at full size first, then resamples: straight to the target, then.
    env.onDecoding?.(coded ? coded.width * coded.height : 0)
    const resize = plan?.needsResize ? orientedSize(plan.target, sniff.orientation) : null
    const options: ImageBitmapOptions = { imageOrientation: 'from-image' }
    if (resize) Object.assign(options, { resizeWidth: resize.width, resizeHeight: resize.height, resizeQuality: 'high' })
    return { bitmap: await createImageBitmap(file, options), method: env.bitmapMethod }
  } catch (error) {
    if (error instanceof NormalizeError) throw error
    if (sniff.kind === 'heic') throw new NormalizeError({ reason: 'unsupported', kind: sniff.kind })
    throw new NormalizeError({ reason: 'damaged' })
  }
}

/**
 * WebCodecs decode straight to the requested size, then `createImageBitmap(frame)`: that applies the EXIF
 * rotation the frame carries and lets us close the frame at once. Drawing the VideoFrame itself was
 * measured to keep ~76 MB per photo alive.
 */
async function decodeWithImageDecoder(file: Blob, type: string, size: Size | null): Promise<ImageBitmap> {
  // Transferred, the bytes move into the decoder and go when it closes; read as a stream they would
  // linger as garbage chunks in this worker's heap until its next GC (measured: ~13 MB after a 48 MP photo).
  const data = await file.arrayBuffer()
  const init: ImageDecoderInit = { data, transfer: [data], type, preferAnimation: false }
  if (size) Object.assign(init, { desiredWidth: size.width, desiredHeight: size.height })
  const decoder = new ImageDecoder(init)
  let frame: VideoFrame
  try {
    frame = (await decoder.decode({ frameIndex: 0, completeFramesOnly: true })).image
  } finally {
    // The frame outlives its decoder; closing the decoder first drops its own cached copy of the pixels.
    decoder.close()
  }
  try {
    return await createImageBitmap(frame)
  } finally {
    frame.close()
  }
}

async function encode(surface: Surface): Promise<Blob> {
  try {
    return await surface.toJpeg()
  } catch (error) {
    throw new NormalizeError({ reason: 'failed', stage: 'convert', detail: error instanceof Error ? error.message : '' })
  }
}
