/**
 * What the image worker's jobs take and give (the calls themselves go through `rpc.ts`). Kept free of DOM
 * and worker globals so both the app and the worker compile it.
 *
 * Blobs travel as Blobs: structured clone hands over a reference to the same bytes (Blob is not
 * Transferable, and needs not be), so neither side ever copies the photo into its JS heap.
 */
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
}

/** Clockwise quarter turns, as the Scanner stores them on a page. */
export type QuarterTurn = 0 | 90 | 180 | 270

/** The `rotate` job's input: an image page and the turn the clerk gave it. */
export interface RotateParams {
  blob: Blob
  rotation: QuarterTurn
  mime: string
}
