/**
 * The image worker: one photo at a time, decoded at the size it is needed and encoded on an
 * OffscreenCanvas, so the main thread never holds a full-size photo or stalls on one.
 */
import type { Size } from '../lib/decodeTarget'
import { canvasSurface } from './canvasSurface'
import type { NormalizeFailure, NormalizeResult, WorkerRequest, WorkerResponse } from './imageProtocol'
import { shapeDocument } from './jobs/documentPage'
import { JPEG_QUALITY, NormalizeError, normalizeImage, type Surface } from './normalizeImage'

declare const self: DedicatedWorkerGlobalScope

/** An OffscreenCanvas of exactly the output size. */
function createOffscreenSurface(size: Size): Surface {
  const canvas = new OffscreenCanvas(size.width, size.height)
  return canvasSurface(canvas, canvas.getContext('2d'), size, () => canvas.convertToBlob({ type: 'image/jpeg', quality: JPEG_QUALITY }))
}

function post(message: WorkerResponse): void {
  self.postMessage(message)
}

// Requests are handled strictly one after another, even if the client ever sent two at once.
let chain: Promise<void> = Promise.resolve()

self.addEventListener('message', (event: MessageEvent<WorkerRequest>) => {
  const request = event.data
  if (request?.type !== 'normalize') return
  chain = chain.then(async () => {
    try {
      const output = await normalizeImage(request, {
        createSurface: createOffscreenSurface,
        bitmapMethod: 'bitmap-resize',
        onDecoding: (pixels) => post({ type: 'decoding', id: request.id, pixels }),
        shapeDocument,
      })
      const result: NormalizeResult = { type: 'normalized', id: request.id, ...output }
      post(result)
    } catch (error) {
      const failure: NormalizeFailure =
        error instanceof NormalizeError
          ? { type: 'failed', id: request.id, reason: error.reason, message: error.message }
          : { type: 'failed', id: request.id, reason: 'failed', message: `This image couldn't be processed (${String(error)}).` }
      post(failure)
    }
  })
})
