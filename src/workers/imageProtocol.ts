/**
 * What the image worker's jobs take and give (the calls themselves go through `rpc.ts`). Kept free of DOM
 * and worker globals so both the app and the worker compile it.
 *
 * Blobs travel as Blobs: structured clone hands over a reference to the same bytes (Blob is not
 * Transferable, and needs not be), so neither side ever copies the photo into its JS heap.
 */
import type { Quad } from '../lib/document/geometry'
import type { PageLook } from '../lib/document/looks'
import type { QuarterTurn } from '../lib/document/quarterTurn'
import type { ReadabilityMeasures, ReadabilityProblem } from '../lib/document/readability'
import type { FileKind } from '../lib/imageSniff'

/** How a photo was decoded; `image-decoder` is the normal path, the others are fallbacks. */
export type DecodeMethod = 'image-decoder' | 'bitmap-resize' | 'main-thread'

/** What the client learnt from the file's first bytes, so the worker does not read them again. */
export interface SniffedImage {
  kind: Exclude<FileKind, 'pdf'>
  mime: string
  /** Stored (coded) size from the header, or null when the header did not say. */
  width: number | null
  height: number | null
  /** EXIF orientation 1–8; 5–8 swap width and height on screen. */
  orientation: number
}

/** The `normalize` job's input. */
export interface NormalizeParams {
  file: Blob
  fileName: string
  sniff: SniffedImage
  maxPagePx: number
  /** Long side of the thumbnail; 0 for none (the bench's page-only figure). */
  thumbPx: number
  /** Skips WebCodecs even where it exists; the tests and the bench use it to exercise the fallback. */
  forceBitmapResize?: boolean
  /** Find, flatten and give the page its look; absent for the plain pipeline. */
  document?: DocumentRequest
}

/** How to shape a document page. */
export interface DocumentRequest {
  look: PageLook
  /** Normalised corners to use, null for the whole photo; absent to find the document. */
  corners?: Quad | null
  /** Clockwise quarter turns the clerk gave the page; made while warping from the original. 0 when absent. */
  turn?: QuarterTurn
  /**
   * Keep the uncropped page encoded (≤ max_page_px) as the original rather than the photo as it came. Asked
   * where pages are kept as bytes in memory (WebKit's Private Browsing): there a photo's megabytes cost more
   * than the encode's time. Elsewhere the photo is kept, which saves the encode (~40 ms of ~130 ms a 12 MP
   * photo, docs/benchmarks.md) and re-crops from the photo's own pixels.
   */
  encodeOriginal?: boolean
}

/** What shaping did, kept on the page record so the clerk can change it later. */
export interface DocumentOutcome {
  /**
   * What any later crop, turn or look is made again from: the photo as it came (JPEG, PNG, WebP), else, or
   * where `encodeOriginal` asked, the uncropped page encoded (≤ max_page_px).
   */
  original: Blob
  /** Normalised corners of the crop, or null when the page is the whole photo. */
  corners: Quad | null
  /** What the detector said (`given` when the corners came with the request). */
  detection: 'found' | 'flat' | 'none' | 'given'
  look: PageLook
  /** The quarter turns the page was made with (corners stay in the original's frame). */
  turn: QuarterTurn
  problems: ReadabilityProblem[]
  measures: ReadabilityMeasures
}

/** A photo made into a page and a thumbnail. */
export interface NormalizedOutput {
  page: Blob
  /** Null only when asked for none (`thumbPx` 0). */
  thumb: Blob | null
  /** Size of `page` as shown (EXIF orientation applied). */
  width: number
  height: number
  mime: string
  /** True when the input was small enough to keep as it was, without re-encoding. */
  keptOriginal: boolean
  /** What the decoder actually produced, for tests and the bench. */
  decoded: { width: number; height: number; method: DecodeMethod }
  /**
   * SHA-256 of `page` as hex, made where the page was made so the main thread never reads its bytes to hash them;
   * null where WebCrypto is missing, absent from an answer made without it (storage then hashes the page).
   */
  sha256?: string | null
  /** Present when the request asked for a document page. */
  document?: DocumentOutcome
}

/** Clockwise quarter turns, as the Scanner stores them on a page. */
export type { QuarterTurn }

/** The `rotate` job's input: an image page and the turn the clerk gave it. */
export interface RotateParams {
  blob: Blob
  rotation: QuarterTurn
  mime: string
}
