/**
 * Encodes a page as JPEG on another thread while this worker goes on with the same photo. The uncropped
 * original a shaped page keeps (for Adjust corners) is a second JPEG encode, as long as the shaped page's
 * own: on its own thread it overlaps the shaping instead of coming before it. The canvas's pixels go as an
 * ImageBitmap snapshot (shared with the canvas until the canvas is drawn on again, then copied once).
 *
 * Where a worker cannot start a worker, or the device has one core, the encode runs here: the canvas's
 * `convertToBlob` snapshots it when called, so the caller may draw over it at once either way.
 */
import type { EncodeAnswer, EncodeCall } from '../jpegEncoderProtocol'

let encoder: Worker | null = null
let nextId = 0
const waiting = new Map<number, { resolve: (blob: Blob) => void; reject: (error: Error) => void }>()

function startEncoder(): Worker {
  const worker = new Worker(new URL('../jpegEncoder.worker.ts', import.meta.url), { type: 'module', name: 'jpeg-encoder' })
  worker.addEventListener('message', ({ data }: MessageEvent<EncodeAnswer>) => {
    const job = waiting.get(data.id)
    waiting.delete(data.id)
    if ('blob' in data) job?.resolve(data.blob)
    else job?.reject(new Error(data.error))
  })
  // A crashed encoder fails the jobs it had; the next call starts a fresh one.
  worker.addEventListener('error', (event) => {
    event.preventDefault()
    for (const job of waiting.values()) job.reject(new Error(`the JPEG encoder stopped: ${event.message}`))
    waiting.clear()
    worker.terminate()
    if (encoder === worker) encoder = null
  })
  return worker
}

/** Whether this worker can hand encodes to a thread of their own (and whether another core would run it). */
export function canEncodeAside(): boolean {
  return typeof Worker === 'function' && (navigator.hardwareConcurrency ?? 1) > 1
}

/** The canvas as a JPEG, encoded on the encoder thread where there is one, else here. */
export async function encodeAside(canvas: OffscreenCanvas, quality: number): Promise<Blob> {
  if (!canEncodeAside()) return canvas.convertToBlob({ type: 'image/jpeg', quality })
  const bitmap = await createImageBitmap(canvas)
  encoder ??= startEncoder()
  const id = nextId++
  const done = new Promise<Blob>((resolve, reject) => waiting.set(id, { resolve, reject }))
  encoder.postMessage({ id, bitmap, quality } satisfies EncodeCall, [bitmap])
  return done
}
