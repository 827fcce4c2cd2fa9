/**
 * The four ways of turning a photo into a ≤ 2000 px JPEG that the bench compares, each as a page would
 * write it. Only `pipeline` is the app's code; the others are the usual alternatives.
 */
import imageCompression from 'browser-image-compression'
import { planDecode } from '../../src/lib/decodeTarget'
import { SNIFF_HEAD_BYTES, sniffImage } from '../../src/lib/imageSniff'
import { keepAsBytes } from '../../src/storage/storedBytes'
import { createImageWorkerClient, type ImageWorkerClient } from '../../src/workers/imageWorkerClient'

export type MethodName =
  | 'pipeline'
  | 'pipelinePage'
  | 'pipelineBitmap'
  | 'pipelinePrivate'
  | 'pipelineMainThread'
  | 'pipelineDocument'
  | 'decodeFloor'
  | 'naive'
  | 'bitmap'
  | 'bic'

export interface Conversion {
  bytes: number
  width: number
  height: number
}

export const MAX_PAGE_PX = 2000
const QUALITY = 0.8

let client: ImageWorkerClient | null = null
let pageOnlyClient: ImageWorkerClient | null = null
let bitmapClient: ImageWorkerClient | null = null
let mainThreadClient: ImageWorkerClient | null = null
let documentClient: ImageWorkerClient | null = null

/** The app's pipeline: ImageDecoder at the n/8 size in a worker, OffscreenCanvas, convertToBlob; page and thumbnail. */
async function pipeline(file: Blob): Promise<Conversion> {
  client ??= createImageWorkerClient({ maxPagePx: MAX_PAGE_PX })
  const image = await client.normalize(file, { fileName: 'bench.jpg' })
  return { bytes: image.page.size, width: image.width, height: image.height }
}

/** The same pipeline asked for no thumbnail, so it does what the others do: the page alone. */
async function pipelinePage(file: Blob): Promise<Conversion> {
  pageOnlyClient ??= createImageWorkerClient({ maxPagePx: MAX_PAGE_PX, thumbPx: 0 })
  const image = await pageOnlyClient.normalize(file, { fileName: 'bench.jpg' })
  return { bytes: image.page.size, width: image.width, height: image.height }
}

/**
 * The path WebKit (Safari) takes, forced here so its memory is measured the same way: no ImageDecoder, so
 * the worker decodes at full size with createImageBitmap's resize; page and thumbnail.
 */
async function pipelineBitmap(file: Blob): Promise<Conversion> {
  bitmapClient ??= createImageWorkerClient({ maxPagePx: MAX_PAGE_PX, mode: 'worker-bitmap' })
  const image = await bitmapClient.normalize(file, { fileName: 'bench.jpg' })
  return { bytes: image.page.size, width: image.width, height: image.height }
}

/**
 * Safari's Private Browsing: WebKit's path, then the page and thumbnail read into ArrayBuffers, the form
 * its IndexedDB keeps (it refuses Blobs there). The buffers are what a private window holds until stored.
 */
async function pipelinePrivate(file: Blob): Promise<Conversion> {
  bitmapClient ??= createImageWorkerClient({ maxPagePx: MAX_PAGE_PX, mode: 'worker-bitmap' })
  const image = await bitmapClient.normalize(file, { fileName: 'bench.jpg' })
  const page = await keepAsBytes(image.page)
  if (image.thumb) await keepAsBytes(image.thumb)
  return { bytes: page.bytes.byteLength, width: image.width, height: image.height }
}

/**
 * The pipeline as the Scanner runs it since issue 13: the page found in the photo, flattened and given the
 * `Document` look in the worker, the uncropped original kept beside it; page and thumbnail.
 */
async function pipelineDocument(file: Blob): Promise<Conversion> {
  documentClient ??= createImageWorkerClient({ maxPagePx: MAX_PAGE_PX })
  const image = await documentClient.normalize(file, { fileName: 'bench.jpg', document: { look: 'document' } })
  return { bytes: image.page.size, width: image.width, height: image.height }
}

/** Browsers without module workers or OffscreenCanvas: the same steps on the main thread with a canvas. */
async function pipelineMainThread(file: Blob): Promise<Conversion> {
  mainThreadClient ??= createImageWorkerClient({ maxPagePx: MAX_PAGE_PX, mode: 'main-thread' })
  const image = await mainThreadClient.normalize(file, { fileName: 'bench.jpg' })
  return { bytes: image.page.size, width: image.width, height: image.height }
}

/**
 * Not a method but a yardstick: the file read and decoded by ImageDecoder at the pipeline's n/8 size, and
 * nothing else (no resize, no encode, no thumbnail). Every way of making a page from this JPEG in this
 * browser pays at least this; the pipeline's time less this is all it can still win. Its decode runs off
 * the main thread inside Chromium, as the pipeline's does in its worker.
 */
async function decodeFloor(file: Blob): Promise<Conversion> {
  const data = await file.arrayBuffer()
  const sniff = sniffImage(new Uint8Array(data, 0, Math.min(SNIFF_HEAD_BYTES, data.byteLength)), file.size)
  if (!sniff.width || !sniff.height) throw new Error('the floor needs a JPEG whose size can be read')
  const { decode, needsResize } = planDecode({ width: sniff.width, height: sniff.height }, MAX_PAGE_PX)
  const init: ImageDecoderInit = { data, transfer: [data], type: 'image/jpeg', preferAnimation: false }
  if (needsResize) Object.assign(init, { desiredWidth: decode.width, desiredHeight: decode.height })
  const decoder = new ImageDecoder(init)
  try {
    const frame = (await decoder.decode({ frameIndex: 0, completeFramesOnly: true })).image
    const size = { width: frame.displayWidth, height: frame.displayHeight }
    frame.close()
    return { bytes: NaN, ...size }
  } finally {
    decoder.close()
  }
}

function fit(width: number, height: number) {
  const scale = Math.min(1, MAX_PAGE_PX / Math.max(width, height))
  return { width: Math.round(width * scale), height: Math.round(height * scale) }
}

/** The naive way: <img>, a canvas of the photo's full size, a second one of the page size, toDataURL. */
async function naive(file: Blob): Promise<Conversion> {
  const url = URL.createObjectURL(file)
  try {
    const img = new Image()
    img.src = url
    await img.decode()
    const full = document.createElement('canvas')
    full.width = img.naturalWidth
    full.height = img.naturalHeight
    full.getContext('2d')!.drawImage(img, 0, 0)
    const size = fit(full.width, full.height)
    const out = document.createElement('canvas')
    out.width = size.width
    out.height = size.height
    out.getContext('2d')!.drawImage(full, 0, 0, size.width, size.height)
    const dataUrl = out.toDataURL('image/jpeg', QUALITY)
    const base64 = dataUrl.slice(dataUrl.indexOf(',') + 1)
    return { bytes: Math.floor((base64.length * 3) / 4) - (base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0), ...size }
  } finally {
    URL.revokeObjectURL(url)
  }
}

/** createImageBitmap with resize options on the main thread (decodes at full size, then resizes). */
async function bitmap(file: Blob): Promise<Conversion> {
  const probe = await createImageBitmap(file, { imageOrientation: 'from-image' })
  const size = fit(probe.width, probe.height)
  probe.close()
  const resized = await createImageBitmap(file, {
    resizeWidth: size.width,
    resizeHeight: size.height,
    resizeQuality: 'high',
    imageOrientation: 'from-image',
  })
  const canvas = new OffscreenCanvas(size.width, size.height)
  canvas.getContext('2d')!.drawImage(resized, 0, 0)
  resized.close()
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: QUALITY })
  return { bytes: blob.size, ...size }
}

/**
 * browser-image-compression 2.x in its own web worker, loaded from node_modules (no CDN here). It answers
 * with a Blob whose size the bench reads after stopping the clock (a decode it should not be charged for).
 */
async function bic(file: Blob): Promise<Blob> {
  const input = new File([file], 'bench.jpg', { type: 'image/jpeg' })
  const out = await imageCompression(input, {
    maxWidthOrHeight: MAX_PAGE_PX,
    initialQuality: QUALITY,
    fileType: 'image/jpeg',
    useWebWorker: true,
    libURL: new URL('/node_modules/browser-image-compression/dist/browser-image-compression.js', location.href).href,
  })
  return out
}

/** Restarts the pipeline's worker, as the memory monitor's cleanup does. */
export function restartPipeline(): void {
  client?.restart()
}

/** Each method's result: its size and bytes, or a Blob to be measured once the clock has stopped. */
export const METHODS: Record<MethodName, (file: Blob) => Promise<Conversion | Blob>> = {
  pipeline,
  pipelinePage,
  pipelineBitmap,
  pipelinePrivate,
  pipelineMainThread,
  pipelineDocument,
  decodeFloor,
  naive,
  bitmap,
  bic,
}

/** How a batch of photos picked at once is made: the methods that can take several side by side. */
export type BatchName = 'pipelinePool' | 'bicSequential' | 'bicParallel' | 'naive'

/**
 * Photos picked at once, made into pages: the app's pool (a fresh client, as many workers as the cores and
 * a 2048 MB budget allow — the app's default `max_memory_mb` — each job counted as the memory store counts
 * it), browser-image-compression one after another and all at once (`Promise.all`, one worker each, as a
 * gallery handler would call it), and the naive way, which can only go one at a time on the main thread.
 */
export async function runBatch(name: BatchName, files: Blob[]): Promise<number> {
  if (name === 'pipelinePool') {
    let pixels = 0
    const budgetBytes = 2048 * 1024 * 1024
    const pool = createImageWorkerClient({
      maxPagePx: MAX_PAGE_PX,
      onDecoding: (value) => (pixels = value),
      memory: () => ({ accountBytes: pixels * 4, budgetBytes, ratio: (pixels * 4) / budgetBytes, gcThreshold: 0.8 }),
    })
    try {
      const pages = await Promise.all(
        files.map((file, i) => pool.normalize(file, { fileName: `${i}.jpg`, document: { look: 'document' } })),
      )
      return pages.length
    } finally {
      pool.terminate()
    }
  }
  if (name === 'bicParallel') return (await Promise.all(files.map((file) => bic(file)))).length
  for (const file of files) await (name === 'naive' ? naive(file) : bic(file))
  return files.length
}

/** The size of an output the bench was handed as a Blob. */
export async function describeOutput(out: Blob): Promise<Conversion> {
  const shown = await createImageBitmap(out)
  const result = { bytes: out.size, width: shown.width, height: shown.height }
  shown.close()
  return result
}
