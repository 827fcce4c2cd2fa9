/**
 * Encodes a page as JPEG on another thread while this worker goes on with the same photo. The uncropped
 * original a shaped page keeps (for Adjust corners) is a second JPEG encode, as long as the shaped page's
 * own: on its own thread it overlaps the shaping instead of coming before it. The canvas's pixels go as an
 * ImageBitmap snapshot (shared with the canvas until the canvas is drawn on again, then copied once).
 *
 * One encoder thread per photo: opened when the job starts, so its start-up overlaps the decode, and ended
 * with the job. Kept alive between photos, the thread held ~55 MB after GC (measured in bench:images).
 */
import type { EncodeAnswer, EncodeCall } from '../jpegEncoderProtocol'

export interface AsideEncoder {
  /** The canvas as a JPEG; the canvas may be drawn over as soon as this is called. */
  encode(canvas: OffscreenCanvas, quality: number): Promise<Blob>
  /** Ends the thread (an encode still running is refused). */
  close(): void
}

/**
 * Starts an encoder thread, or null where a worker cannot start a worker or the device has one core (there
 * the encode is better done in place, before the shaping draws over the page).
 */
export function openAsideEncoder(): AsideEncoder | null {
  if (typeof Worker !== 'function' || (navigator.hardwareConcurrency ?? 1) < 2) return null
  const worker = new Worker(new URL('../jpegEncoder.worker.ts', import.meta.url), { type: 'module', name: 'jpeg-encoder' })
  let pending: { resolve: (blob: Blob) => void; reject: (error: Error) => void } | null = null
  const fail = (error: Error) => {
    pending?.reject(error)
    pending = null
  }
  worker.addEventListener('message', ({ data }: MessageEvent<EncodeAnswer>) => {
    if ('blob' in data) pending?.resolve(data.blob)
    else pending?.reject(new Error(data.error))
    pending = null
  })
  worker.addEventListener('error', (event) => {
    event.preventDefault()
    fail(new Error(`the JPEG encoder stopped: ${event.message}`))
  })
  return {
    async encode(canvas, quality) {
      // Called before any await, so the snapshot is of the canvas as it is now.
      const snapshot = createImageBitmap(canvas)
      const done = new Promise<Blob>((resolve, reject) => (pending = { resolve, reject }))
      const bitmap = await snapshot
      worker.postMessage({ id: 0, bitmap, quality } satisfies EncodeCall, [bitmap])
      return done
    },
    close() {
      worker.terminate()
      fail(new Error('the JPEG encoder was closed'))
    },
  }
}
