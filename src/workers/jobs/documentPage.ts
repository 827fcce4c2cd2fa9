/**
 * The image worker's document step: finds the page in the photo (on a ≤ 512 px copy), flattens it at page
 * size, measures its readability and gives it its look. The maths is in lib/document; this file only moves
 * pixels between canvases and that maths.
 */
import type { Size } from '../../lib/decodeTarget'
import { detectDocument } from '../../lib/document/detect'
import { flatSize, scaleQuad, type Quad } from '../../lib/document/geometry'
import { deflateWithStream, encodeBilevelPng } from '../../lib/document/bilevelPng'
import { applyLook } from '../../lib/document/looks'
import { turnQuad, WHOLE_IMAGE } from '../../lib/document/quarterTurn'
import { toGrey, type GreyImage, type RgbaImage } from '../../lib/document/raster'
import { checkReadability } from '../../lib/document/readability'
import { warpPerspective } from '../../lib/document/warp'
import { canvasSurface, type DrawSource, type Surface } from '../canvasSurface'
import type { DocumentOutcome, DocumentRequest } from '../imageProtocol'
import { JPEG_QUALITY } from '../normalizeImage'
import { PixelPool } from './pixelPool'

/** The shaped page, drawn on a surface the caller encodes and releases. */
export interface ShapedDocument {
  surface: Surface
  size: Size
  /** A 1-bit PNG for black and white (as JPEG it was 3× Original's bytes, as the canvas's PNG 0.8×), else JPEG. */
  mime: 'image/jpeg' | 'image/png'
  outcome: Omit<DocumentOutcome, 'original'>
}

/**
 * The worker's reused page buffers. Held through a burst of jobs, dropped 5 s after the last one: a gallery
 * pick's photos come well within that, and an idle worker then holds no page pixels.
 */
const pool = new PixelPool(5000)

/**
 * Shapes the page drawn on `source` (its size `size`, the uncropped page) as `request` asks. When `source` is
 * an OffscreenCanvas (in the worker, always), its pixels are copied straight into a reused buffer and the
 * shaped page is drawn back on that same canvas: no second page-size canvas, no fresh `getImageData` buffer.
 * The caller must be done with what the canvas held (the original already encoded) and releases it.
 */
export async function shapeDocument(source: DrawSource, size: Size, request: DocumentRequest): Promise<ShapedDocument> {
  const out = source instanceof OffscreenCanvas ? source : new OffscreenCanvas(size.width, size.height)
  if (out !== source) out.getContext('2d')?.drawImage(source, 0, 0, size.width, size.height)
  let page: RgbaImage = await readPixels(out, size, pool.take('page', size.width * size.height * 4))
  // The page's grey, made once: detection shrinks it, and the readability check measures it when the page stays whole.
  let grey: GreyImage | null = null
  let corners: Quad | null
  let detection: DocumentOutcome['detection']
  if (request.corners === undefined) {
    // Shrunk by area averaging in detectDocument, not by the canvas: a canvas's sampled downscale aliases
    // print into noise and was measured to turn a cropped receipt's lower text into a false edge.
    grey = greyOf(page)
    const found = detectDocument(grey)
    detection = found.kind
    corners = found.kind === 'found' ? found.corners : null
  } else {
    detection = 'given'
    corners = request.corners
  }
  let documentFraction = 1
  const turn = request.turn ?? 0
  if (corners || turn) {
    // A turn is made here, from the original, by cycling the corners: never by turning a made page again.
    const inPixels = scaleQuad(turnQuad(corners ?? WHOLE_IMAGE, turn), size.width, size.height)
    const flat = flatSize(inPixels, Math.max(size.width, size.height))
    page = warpPerspective(page, inPixels, flat, pool.take('flat', flat.width * flat.height * 4))
    grey = null
    documentFraction = Math.min(1, (flat.width * flat.height) / (size.width * size.height))
  }
  const readability = checkReadability(grey ?? greyOf(page), { documentFraction })
  applyLook(page, request.look)
  // Resizing the canvas clears it; it is resized even to the same size, which also resets its state.
  out.width = page.width
  out.height = page.height
  const context = out.getContext('2d')
  context?.putImageData(new ImageData(page.data as Uint8ClampedArray<ArrayBuffer>, page.width, page.height), 0, 0)
  const outSize = { width: page.width, height: page.height }
  const mime = request.look === 'bw' ? 'image/png' : 'image/jpeg'
  // The pooled pixels stay valid until the next job takes them: jobs run one at a time (rpcServe), and this
  // one encodes before it ends. After 5 s idle the pool only forgets them; a view still in use keeps its own.
  const bilevel = request.look === 'bw' ? page : null
  pool.rest()
  const encode = bilevel
    ? async () => new Blob([(await encodeBilevelPng(bilevel, deflateWithStream)) as Uint8Array<ArrayBuffer>], { type: 'image/png' })
    : () => out.convertToBlob({ type: mime, quality: JPEG_QUALITY })
  const surface = canvasSurface(out, context, outSize, encode)
  return {
    surface,
    size: outSize,
    mime,
    outcome: { corners, detection, look: request.look, turn, problems: readability.problems, measures: readability.measures },
  }
}

/** The page's grey in the reused grey buffer. */
function greyOf(page: RgbaImage): GreyImage {
  return toGrey(page, new Uint8Array(pool.take('grey', page.width * page.height).buffer, 0, page.width * page.height))
}

/**
 * The canvas's pixels copied into `into`. VideoFrame.copyTo converts to RGBA straight into our buffer;
 * getImageData would allocate a new page-size buffer per job. Where copyTo cannot convert (an older
 * browser), getImageData it is, copied over.
 */
async function readPixels(canvas: OffscreenCanvas, size: Size, into: Uint8ClampedArray<ArrayBuffer>): Promise<RgbaImage> {
  const { width, height } = size
  if (typeof VideoFrame === 'function') {
    try {
      const frame = new VideoFrame(canvas, { timestamp: 0 })
      try {
        if (frame.displayWidth === width && frame.displayHeight === height) {
          await frame.copyTo(into, { format: 'RGBA', colorSpace: 'srgb' })
          return { width, height, data: into }
        }
      } finally {
        frame.close()
      }
    } catch {
      // Falls through to getImageData.
    }
  }
  const context = canvas.getContext('2d')
  if (!context) throw new Error('no 2D context')
  into.set(context.getImageData(0, 0, width, height).data)
  return { width, height, data: into }
}
