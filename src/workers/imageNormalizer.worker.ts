/**
 * The image worker: one photo at a time, decoded at the size it is needed and encoded on an
 * OffscreenCanvas, so the main thread never holds a full-size photo or stalls on one.
 */
import type { Size } from '../lib/decodeTarget'
import type { NormalizeFailure, NormalizeResult, WorkerRequest, WorkerResponse } from './imageProtocol'
import { JPEG_QUALITY, NormalizeError, normalizeImage, type Surface } from './normalizeImage'

declare const self: DedicatedWorkerGlobalScope

/** An OffscreenCanvas of exactly the output size; released by shrinking it to 0×0. */
function createOffscreenSurface({ width, height }: Size): Surface {
  const canvas = new OffscreenCanvas(width, height)
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
    toJpeg: () => canvas.convertToBlob({ type: 'image/jpeg', quality: JPEG_QUALITY }),
    release() {
      canvas.width = 0
      canvas.height = 0
    },
  }
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
