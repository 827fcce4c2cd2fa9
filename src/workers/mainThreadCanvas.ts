/**
 * The drawing surface for browsers without OffscreenCanvas (Safari before 16.4): a detached <canvas> on
 * the main thread, kept within Safari's canvas limit of 16,777,216 pixels.
 */
import type { Size } from '../lib/decodeTarget'
import { canvasSurface, type Surface } from './canvasSurface'
import { JPEG_QUALITY } from './normalizeImage'

/**
 * Safari refuses to draw on a canvas of more than 16,777,216 pixels (4096 × 4096). A long side of at most
 * 4096 keeps any page within that, so the client caps `maxPagePx` to this on the main-thread path.
 */
export const SAFARI_CANVAS_MAX_SIDE = 4096

/** A <canvas> of exactly the output size (at most 4096 px a side). */
export function createCanvasSurface(size: Size): Surface {
  const { width, height } = size
  if (width > SAFARI_CANVAS_MAX_SIDE || height > SAFARI_CANVAS_MAX_SIDE) throw new RangeError(`${width}×${height} is over the canvas limit`)
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  return canvasSurface(
    canvas,
    canvas.getContext('2d'),
    size,
    () =>
      new Promise<Blob>((resolve, reject) =>
        canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the canvas could not be encoded'))), 'image/jpeg', JPEG_QUALITY),
      ),
  )
}
