/**
 * Stands in for '@/workers/imageWorkerClient' in component tests: the REAL client (its first-bytes check, queue,
 * refusal messages, restart) talking the real RPC protocol of `workers/rpc.ts` to an in-process fake worker,
 * because the real worker needs OffscreenCanvas and a browser (the e2e tests drive that one).
 *
 * The fake worker turns every photo into a page of the size its header says (2000 × 1500 for `jpegFile`),
 * and refuses a file named "corrupt…" as damaged, as the real worker refuses a JPEG whose data is broken.
 * A photo named "shaped…" asked for a document page comes back shaped as the real worker does it: a page of the
 * text "page turned <turn>" (its sides swapped by a quarter turn), the uncropped original kept (`originalFile`
 * when the worker found the corners, the given file when corners came with the request), corners and look.
 * Use `jpegFile` for photos: the client refuses bytes that are not an image before the worker sees them.
 * Every page comes with its SHA-256, as the real worker computes it.
 * `holdFile(name)` keeps that file "in the worker" until the function it returns is called.
 */
import { vi } from 'vitest'
import type * as RealClient from '@/workers/imageWorkerClient'
import type { Quad } from '@/lib/document/geometry'
import type { ReadabilityMeasures } from '@/lib/document/readability'
import type { DocumentRequest, NormalizedOutput, NormalizeParams, RotateParams } from '@/workers/imageProtocol'
import type { RpcAnswer, RpcCall, RpcRefusal } from '@/workers/rpc'

const real = await vi.importActual<typeof RealClient>('@/workers/imageWorkerClient')

export const { ImageRejectedError, INTERRUPTED_MESSAGES } = real
export type { ImageWorkerClient, ImageWorkerClientOptions, NormalizedImage } from '@/workers/imageWorkerClient'

/** Files a test holds in the worker, by name. */
const held = new Map<string, Promise<void>>()

/** Keeps the file named `fileName` in the worker (unanswered) until the returned function is called. */
export function holdFile(fileName: string): () => void {
  let release = () => undefined as void
  held.set(fileName, new Promise<void>((resolve) => (release = resolve)))
  return () => {
    held.delete(fileName)
    release()
  }
}

/** The uncropped original the fake worker keeps for a "shaped…" photo whose corners it found. */
export const originalFile = () => jpegFile('original.jpg', 'original')

/** The corners the fake worker "finds" on a shaped photo. */
export const FOUND_CORNERS: Quad = [
  { x: 0.1, y: 0.1 },
  { x: 0.9, y: 0.1 },
  { x: 0.9, y: 0.9 },
  { x: 0.1, y: 0.9 },
]

function shape(params: NormalizeParams, request: DocumentRequest, width: number, height: number): NormalizedOutput {
  const turn = request.turn ?? 0
  const [shownWidth, shownHeight] = turn % 180 ? [height, width] : [width, height]
  return {
    page: new Blob([`page turned ${turn}`], { type: 'image/jpeg' }),
    thumb: params.thumbPx ? params.file : null,
    width: shownWidth,
    height: shownHeight,
    mime: 'image/jpeg',
    keptOriginal: false,
    decoded: { width, height, method: 'image-decoder' },
    document: {
      original: request.corners === undefined ? originalFile() : params.file,
      corners: request.corners === undefined ? FOUND_CORNERS : request.corners,
      detection: request.corners === undefined ? 'found' : 'given',
      look: request.look,
      turn,
      problems: [],
      measures: {} as ReadabilityMeasures,
    },
  }
}

// Taken before any test spies on it: a test that spies on `crypto.subtle.digest` sees only what the app's main
// thread hashes, not what this stand-in for the worker does.
const workerSubtleDigest = crypto.subtle.digest.bind(crypto.subtle)

/** The page's SHA-256 as the real worker gives it. */
async function workerDigest(page: Blob): Promise<string> {
  const digest = await workerSubtleDigest('SHA-256', await page.arrayBuffer())
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('')
}

/** Answers one call as the image worker's jobs would, or refuses it with a reason code. */
async function answer(call: RpcCall): Promise<{ result: unknown } | { refusal: RpcRefusal }> {
  if (call.job === 'normalize') {
    const params = call.params as NormalizeParams
    FakeImageWorker.normalized.push(params)
    await held.get(params.fileName)
    if (params.fileName.startsWith('corrupt')) return { refusal: { reason: 'damaged' } }
    const width = params.sniff.width ?? 2000
    const height = params.sniff.height ?? 1500
    const made: NormalizedOutput =
      params.document && params.fileName.startsWith('shaped')
        ? shape(params, params.document, width, height)
        : {
            page: params.file,
            thumb: params.thumbPx ? params.file : null,
            width,
            height,
            mime: params.sniff.mime,
            keptOriginal: false,
            decoded: { width, height, method: 'image-decoder' },
          }
    return { result: { ...made, sha256: await workerDigest(made.page) } }
  }
  if (call.job === 'rotate') {
    const { blob, mime } = call.params as RotateParams
    return { result: new Blob([blob], { type: mime }) }
  }
  return { refusal: { reason: 'failed', stage: 'process', detail: `the fake worker has no job ${call.job}` } }
}

/**
 * An in-process Worker that speaks the RPC protocol: it answers each `call` message (a tick later, as a real
 * worker would) with `done` or `refused`. `crash()` fires `error` as a worker dying mid-job does.
 */
export class FakeImageWorker extends EventTarget {
  /** Every worker made, newest last (a restart makes a new one). */
  static made: FakeImageWorker[] = []
  /** Every normalize call any fake worker was given, in the order they came. */
  static normalized: NormalizeParams[] = []
  calls: RpcCall[] = []
  terminated = false

  constructor() {
    super()
    FakeImageWorker.made.push(this)
  }

  postMessage(message: RpcCall): void {
    this.calls.push(message)
    void answer(message).then((outcome) => {
      if (this.terminated) return
      const data: RpcAnswer =
        'refusal' in outcome
          ? { type: 'refused', id: message.id, refusal: outcome.refusal }
          : { type: 'done', id: message.id, result: outcome.result }
      this.dispatchEvent(new MessageEvent('message', { data }))
    })
  }

  crash(): void {
    this.dispatchEvent(new Event('error', { cancelable: true }))
  }

  terminate(): void {
    this.terminated = true
  }
}

/** The real image worker client, with the fake worker in place of the bundled one. */
export function createImageWorkerClient(options: RealClient.ImageWorkerClientOptions = {}): RealClient.ImageWorkerClient {
  // happy-dom has no OffscreenCanvas, so the client would pick the main thread; `auto` keeps it on the worker.
  return real.createImageWorkerClient({ mode: 'auto', ...options, createWorker: () => new FakeImageWorker() as unknown as Worker })
}

/**
 * A JPEG the client's header check accepts: SOI, a baseline frame header of `width` × `height`, then `body`
 * (the tests' stand-in for image data) and EOI.
 */
export function jpegFile(name: string, body = 'jpeg bytes', size: { width: number; height: number } = { width: 2000, height: 1500 }): File {
  const { width, height } = size
  const frame = [0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03]
  const components = [0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]
  return new File([new Uint8Array([0xff, 0xd8, ...frame, ...components]), body, new Uint8Array([0xff, 0xd9])], name, { type: 'image/jpeg' })
}

/** A PNG the client's header check accepts: the signature and an IHDR chunk of `width` × `height`, then `body`. */
export function pngFile(name: string, body = 'png bytes', size: { width: number; height: number } = { width: 2000, height: 1500 }): File {
  const u32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
  const ihdr = [...u32(13), 0x49, 0x48, 0x44, 0x52, ...u32(size.width), ...u32(size.height), 0x08, 0x02, 0x00, 0x00, 0x00]
  return new File([new Uint8Array([...signature, ...ihdr]), body], name, { type: 'image/png' })
}
