/**
 * The image worker: one job at a time (a photo decoded at the size it is needed and encoded on an
 * OffscreenCanvas, a page turned), so the main thread never holds a full-size photo or stalls on one.
 */
import type { Size } from '../lib/decodeTarget'
import { canvasSurface, type Surface } from './canvasSurface'
import { createImageJobs } from './imageJobs'
import { shapeDocument } from './jobs/documentPage'
import { JPEG_QUALITY } from './normalizeImage'
import { serveJobs } from './rpcServe'

declare const self: DedicatedWorkerGlobalScope

/** An OffscreenCanvas of exactly the output size. */
function createOffscreenSurface(size: Size): Surface {
  const canvas = new OffscreenCanvas(size.width, size.height)
  return canvasSurface(canvas, canvas.getContext('2d'), size, () => canvas.convertToBlob({ type: 'image/jpeg', quality: JPEG_QUALITY }))
}

// Only the worker shapes documents (crop, flatten, look): the main-thread fallback keeps pages whole.
serveJobs(self, createImageJobs({ createSurface: createOffscreenSurface, bitmapMethod: 'bitmap-resize', shapeDocument }))
