/**
 * The drawing surface for browsers without OffscreenCanvas (Safari before 16.4): a detached <canvas> on
 * the main thread, kept within Safari's canvas limit of 16,777,216 pixels.
 */
import type { Size } from '../lib/decodeTarget'
import { JPEG_QUALITY, type Surface } from './normalizeImage'

/**
 * Safari refuses to draw on a canvas of more than 16,777,216 pixels (4096 × 4096). A long side of at most
 * 4096 keeps any page within that, so the client caps `maxPagePx` to this on the main-thread path.
 */
export const SAFARI_CANVAS_MAX_SIDE = 4096

/** A <canvas> of exactly the output size (at most 4096 px a side); released by shrinking it to 0×0. */
export function createCanvasSurface({ width, height }: Size): Surface {
  if (width > SAFARI_CANVAS_MAX_SIDE || height > SAFARI_CANVAS_MAX_SIDE) throw new RangeError(`${width}×${height} is over the canvas limit`)
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  const context = canvas.getContext('2d')
  if (!context) throw new Error('no 2D context')
  context.imageSmoothingQuality = 'high'
  return {
    source: canvas,
    draw(image) {
      // JPEG has no transparency: a transparent PNG would come out black without a white sheet under it.
      context.fillStyle = '#fff'
      context.fillRect(0, 0, width, height)
      context.drawImage(image, 0, 0, width, height)
    },
    toJpeg: () =>
      new Promise<Blob>((resolve, reject) =>
        canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the canvas could not be encoded'))), 'image/jpeg', JPEG_QUALITY),
      ),
    release() {
      canvas.width = 0
      canvas.height = 0
    },
  }
}
