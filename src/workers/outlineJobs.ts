/**
 * The live outline's job: find the document in one small camera frame. It runs in its own worker, not the
 * image worker, because that one takes a 12 MP photo at a time and a frame queued behind it would arrive
 * seconds late; a frame here is ≤ 512 px and done in a few tens of milliseconds.
 */
import { detectDocument } from '../lib/document/detect'
import type { Quad } from '../lib/document/geometry'
import { toGrey } from '../lib/document/raster'
import type { JobHandlers } from './rpc'

/**
 * The `outline` job's input: a frame of the preview, transferred (and closed here). A VideoFrame wraps the
 * video's current frame without copying it, so the shrinking happens here; `new VideoFrame(video)` costs the
 * main thread next to nothing, while createImageBitmap(video, resize…) was measured to block it (bench:live).
 */
export interface OutlineParams {
  frame: VideoFrame | ImageBitmap
  /** Long side, in pixels, the frame is shrunk to before detection. */
  maxSide: number
}

/** What one frame showed. */
export interface OutlineResult {
  /** The document's corners normalised to the frame, [tl, tr, br, bl]; null when none was found. */
  corners: Quad | null
  /** The detector's answer: `flat` is a page that already fills the frame (nothing to outline). */
  kind: 'found' | 'flat' | 'none'
  width: number
  height: number
  /** Milliseconds the worker spent on the frame (drawing, greyscale, detection). */
  ms: number
}

/** The jobs, with one small canvas reused frame after frame. */
export function createOutlineJobs() {
  let canvas: OffscreenCanvas | null = null
  let context: OffscreenCanvasRenderingContext2D | null = null
  return {
    /** Finds the document in `frame`. */
    async outline({ frame, maxSide }: OutlineParams): Promise<OutlineResult> {
      const started = performance.now()
      const sourceWidth = 'displayWidth' in frame ? frame.displayWidth : frame.width
      const sourceHeight = 'displayHeight' in frame ? frame.displayHeight : frame.height
      const scale = Math.min(1, maxSide / Math.max(sourceWidth, sourceHeight))
      const width = Math.max(1, Math.round(sourceWidth * scale))
      const height = Math.max(1, Math.round(sourceHeight * scale))
      try {
        if (!canvas || canvas.width !== width || canvas.height !== height) {
          canvas = new OffscreenCanvas(width, height)
          context = canvas.getContext('2d', { willReadFrequently: true })
        }
        if (!context) throw new Error('no 2D context')
        // Filtered, not sampled: print aliased into noise can look like an edge to the detector.
        context.imageSmoothingQuality = 'high'
        context.drawImage(frame, 0, 0, width, height)
        const found = detectDocument(toGrey(context.getImageData(0, 0, width, height)))
        const corners = found.kind === 'found' ? found.corners : null
        return { corners, kind: found.kind, width, height, ms: performance.now() - started }
      } finally {
        frame.close()
      }
    },
  } satisfies JobHandlers
}

export type OutlineJobs = ReturnType<typeof createOutlineJobs>
