/**
 * The image worker's document step: finds the page in the photo (on a ≤ 512 px copy), flattens it at page
 * size, measures its readability and gives it its look. The maths is in lib/document; this file only moves
 * pixels between canvases and that maths, and leaves page-size work to the canvas (documentDrawing.ts).
 */
import type { Size } from '../../lib/decodeTarget'
import { DETECT_MAX_SIDE, detectDocument } from '../../lib/document/detect'
import { flatSize, scaleQuad, type Quad } from '../../lib/document/geometry'
import { deflateWithStream, encodeBilevelPng } from '../../lib/document/bilevelPng'
import { blackAndWhite, paperCells } from '../../lib/document/looks'
import { turnQuad, WHOLE_IMAGE } from '../../lib/document/quarterTurn'
import { toGrey, type RgbaImage } from '../../lib/document/raster'
import { checkReadabilityOfBands, READABILITY_SAMPLE } from '../../lib/document/readability'
import { canvasSurface, type DrawSource, type Surface } from '../canvasSurface'
import type { DocumentOutcome, DocumentRequest } from '../imageProtocol'
import { JPEG_QUALITY } from '../normalizeImage'
import { greyBandsBytes, halve, readGreyBands, readRgba, readSmall, type SizedCanvas } from './canvasPixels'
import { drawDocumentLook, drawFlattened } from './documentDrawing'
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
 * The worker's reused buffers: the page's grey (readability), for black and white its RGBA, and detection's
 * runs. Held through a burst of jobs, dropped 5 s after the last one: a gallery pick's photos come well
 * within that, and an idle worker then holds no page pixels.
 */
const pool = new PixelPool(5000)

// The paper's colour is measured on 4×4 block means: the page halved twice.
const PAPER_HALVINGS = 2
const PAPER_BLOCK = 2 ** PAPER_HALVINGS

/**
 * Shapes the page drawn on `source` (its size `size`, the uncropped page) as `request` asks. Page-size work
 * is drawing on canvases (halving, flattening, the Document look); script reads a ≤ 512 px copy to find the
 * page, the page's grey to check it, and its RGBA only for black and white. When `source` is an
 * OffscreenCanvas (in the worker, always) and the page stays whole, the look is drawn on that same canvas;
 * the caller must be done with what it held (the original already encoded) and releases it.
 */
export async function shapeDocument(source: DrawSource, size: Size, request: DocumentRequest): Promise<ShapedDocument> {
  let page = source instanceof OffscreenCanvas ? source : new OffscreenCanvas(size.width, size.height)
  if (page !== source) page.getContext('2d')?.drawImage(source, 0, 0, size.width, size.height)
  // The page halved twice, read once: detection's input, and the paper's colour when the page stays whole.
  let quarter: RgbaImage | null = null
  let corners: Quad | null
  let detection: DocumentOutcome['detection']
  if (request.corners === undefined) {
    const halved = halve(page, size, PAPER_HALVINGS)
    quarter = readSmall(halved)
    const found = detectDocument(toGrey(detectionPixels(halved, quarter)), { runsRoom: (bytes) => pool.take('runs', bytes).buffer })
    free(halved)
    detection = found.kind
    corners = found.kind === 'found' ? found.corners : null
  } else {
    detection = 'given'
    corners = request.corners
  }
  let pageSize = size
  let documentFraction = 1
  const turn = request.turn ?? 0
  if (corners || turn) {
    // A turn is made here, from the original, by cycling the corners: never by turning a made page again.
    const inPixels = scaleQuad(turnQuad(corners ?? WHOLE_IMAGE, turn), size.width, size.height)
    pageSize = flatSize(inPixels, Math.max(size.width, size.height))
    const flat = drawFlattened(page, inPixels, pageSize)
    // The uncropped page is not drawn from again: its pixels go now rather than with the caller's release.
    page.width = page.height = 0
    page = flat
    // The quarter was of the uncropped page; the look needs the flattened page's.
    quarter = null
    documentFraction = Math.min(1, (pageSize.width * pageSize.height) / (size.width * size.height))
  }
  const greyBytes = pool.take('grey', greyBandsBytes(pageSize, READABILITY_SAMPLE))
  const grey = await readGreyBands(page, pageSize, new Uint8Array(greyBytes.buffer, 0, greyBytes.length), READABILITY_SAMPLE)
  const readability = checkReadabilityOfBands(grey, { documentFraction })
  if (request.look !== 'original') {
    quarter ??= readQuarter(page, pageSize)
    drawDocumentLook(page, pageSize, paperCells(quarter, PAPER_BLOCK, pageSize))
  }
  const bilevel = request.look === 'bw' ? await readRgba(page, pageSize, pool.take('page', pageSize.width * pageSize.height * 4)) : null
  if (bilevel) blackAndWhite(bilevel)
  // The pooled pixels stay valid until the next job takes them: jobs run one at a time (rpcServe), and this
  // one encodes before it ends. After 5 s idle the pool only forgets them; a view still in use keeps its own.
  pool.rest()
  const encode = bilevel
    ? async () => new Blob([(await encodeBilevelPng(bilevel, deflateWithStream)) as Uint8Array<ArrayBuffer>], { type: 'image/png' })
    : () => page.convertToBlob({ type: 'image/jpeg', quality: JPEG_QUALITY })
  const surface = canvasSurface(page, page.getContext('2d'), pageSize, encode)
  return {
    surface,
    size: pageSize,
    mime: bilevel ? 'image/png' : 'image/jpeg',
    outcome: { corners, detection, look: request.look, turn, problems: readability.problems, measures: readability.measures },
  }
}

/** The quarter-size copy's pixels, or those of a copy halved again to detection's ≤ 512 px (a page over 2048 px a side). */
function detectionPixels(quarter: SizedCanvas, quarterPixels: RgbaImage): RgbaImage {
  let small = quarter
  while (Math.max(small.size.width, small.size.height) > DETECT_MAX_SIDE) {
    const next = halve(small.canvas, small.size, 1)
    if (small !== quarter) free(small)
    small = next
  }
  if (small === quarter) return quarterPixels
  const pixels = readSmall(small)
  free(small)
  return pixels
}

/** The page halved twice, read: each pixel the mean of a 4×4 block. */
function readQuarter(page: OffscreenCanvas, size: Size): RgbaImage {
  const halved = halve(page, size, PAPER_HALVINGS)
  const pixels = readSmall(halved)
  free(halved)
  return pixels
}

function free({ canvas }: SizedCanvas): void {
  canvas.width = canvas.height = 0
}
