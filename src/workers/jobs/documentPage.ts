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

/** The shaped page, drawn on a surface the caller encodes and releases. */
export interface ShapedDocument {
  surface: Surface
  size: Size
  /** A 1-bit PNG for black and white (as JPEG it was 3× Original's bytes, as the canvas's PNG 0.8×), else JPEG. */
  mime: 'image/jpeg' | 'image/png'
  outcome: Omit<DocumentOutcome, 'original'>
}

/** Shapes the page drawn on `source` (its size `size`, the uncropped page) as `request` asks. */
export async function shapeDocument(source: DrawSource, size: Size, request: DocumentRequest): Promise<ShapedDocument> {
  let page: RgbaImage = pixelsOf(source, size)
  // The page's grey, made once: detection shrinks it, and the readability check measures it when the page stays whole.
  let grey: GreyImage | null = null
  let corners: Quad | null
  let detection: DocumentOutcome['detection']
  if (request.corners === undefined) {
    // Shrunk by area averaging in detectDocument, not by the canvas: a canvas's sampled downscale aliases
    // print into noise and was measured to turn a cropped receipt's lower text into a false edge.
    grey = toGrey(page)
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
    page = warpPerspective(page, inPixels, flat)
    grey = null
    documentFraction = Math.min(1, (flat.width * flat.height) / (size.width * size.height))
  }
  const readability = checkReadability(grey ?? toGrey(page), { documentFraction })
  applyLook(page, request.look)
  const out = new OffscreenCanvas(page.width, page.height)
  const context = out.getContext('2d')
  context?.putImageData(new ImageData(page.data as Uint8ClampedArray<ArrayBuffer>, page.width, page.height), 0, 0)
  const outSize = { width: page.width, height: page.height }
  const mime = request.look === 'bw' ? 'image/png' : 'image/jpeg'
  const bilevel = request.look === 'bw' ? page : null
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

/** The pixels of `source` drawn at `size`, on a canvas that is dropped at once. */
function pixelsOf(source: DrawSource, size: Size): ImageData {
  const canvas = new OffscreenCanvas(size.width, size.height)
  const context = canvas.getContext('2d', { willReadFrequently: true })
  if (!context) throw new Error('no 2D context')
  context.drawImage(source, 0, 0, size.width, size.height)
  const pixels = context.getImageData(0, 0, size.width, size.height)
  canvas.width = 0
  canvas.height = 0
  return pixels
}
