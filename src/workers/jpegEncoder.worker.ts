/**
 * A helper thread of the image worker: encodes one page as JPEG while the image worker goes on shaping the
 * same photo (issue 13: the kept original's encode was a third of the document step's time, and the
 * second core sat idle through it). The page arrives as a transferred ImageBitmap and is shown on a
 * `bitmaprenderer` canvas, which takes the bitmap's pixels over without a copy.
 */
import type { EncodeAnswer, EncodeCall } from './jpegEncoderProtocol'

declare const self: DedicatedWorkerGlobalScope

self.addEventListener('message', async ({ data }: MessageEvent<EncodeCall>) => {
  const { id, bitmap, quality } = data
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height)
  try {
    const context = canvas.getContext('bitmaprenderer')
    if (!context) throw new Error('no bitmaprenderer context')
    context.transferFromImageBitmap(bitmap)
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality })
    self.postMessage({ id, blob } satisfies EncodeAnswer)
  } catch (error) {
    self.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies EncodeAnswer)
  } finally {
    bitmap.close()
    canvas.width = canvas.height = 0
  }
})
