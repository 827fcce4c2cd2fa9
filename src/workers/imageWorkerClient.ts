/**
 * The app's side of the image pipeline: checks each file's first bytes, passes PDFs through, and sends
 * photos one at a time, in order, to the image worker (or, where a browser has no OffscreenCanvas, runs
 * the same jobs on the main thread). The worker is reached through `rpc.ts`; its jobs are `imageJobs.ts`.
 */
import { DEFAULT_MAX_PAGE_PX, DEFAULT_THUMB_PX } from '../lib/decodeTarget'
import { refusalMessage, type ImageRefusal } from '../lib/imageRefusal'
import { checkLimits, SNIFF_HEAD_BYTES, sniffImage } from '../lib/imageSniff'
import { createImageJobs, type ImageJobs } from './imageJobs'
import type { DocumentRequest, NormalizedOutput, NormalizeParams, SniffedImage } from './imageProtocol'
import { createCanvasSurface, SAFARI_CANVAS_MAX_SIDE } from './mainThreadCanvas'
import { createRpcClient, JobInterruptedError, JobRefusedError, type JobHandler, type JobParams, type JobResult } from './rpc'

export type ImageWorkerState = 'idle' | 'busy' | 'stopped'

export interface ImageWorkerSnapshot {
  state: ImageWorkerState
  /** Jobs finished so far, whether they became pages or were refused. */
  processed: number
  /** Jobs waiting behind the one in progress. */
  queued: number
}

/** Where photos are decoded; `auto` is the worker with WebCodecs, falling back as the browser requires. */
export type ImagePipelineMode = 'auto' | 'worker-bitmap' | 'main-thread'

export interface ImageWorkerClientOptions {
  /** Long side of a page in pixels (`max_page_px`); 2000 by default. */
  maxPagePx?: number
  /** Long side of a thumbnail in pixels; 320 by default, 0 for none (the bench's page-only figure). */
  thumbPx?: number
  /** Makes the worker; tests pass their own. By default the bundled `imageNormalizer.worker.ts`. */
  createWorker?: () => Worker
  /** Pixels being decoded right now (the decode buffer's width × height), 0 when idle: for the memory monitor. */
  onDecoding?: (pixels: number) => void
  /** Called whenever `state`, `processed` or `queued` change. */
  onStateChange?: (snapshot: ImageWorkerSnapshot) => void
  /** Forces a path; the tests and the bench use it to exercise the fallbacks. */
  mode?: ImagePipelineMode
}

export interface NormalizeOptions {
  /** Shown in messages and logs. */
  fileName: string
  /** Overrides the client's `maxPagePx` for this file. */
  maxPagePx?: number
  /** Crop, flatten and look for a photo (never for a PDF, which is kept byte for byte). */
  document?: DocumentRequest
}

/**
 * What `normalize` resolves with: the worker's `NormalizedOutput` for a photo, or a PDF passed through as
 * it is (the PDF itself as `page`, no thumbnail, size 0, `keptOriginal`, no `decoded`).
 */
export interface NormalizedImage extends Omit<NormalizedOutput, 'decoded'> {
  kind: 'image' | 'pdf'
  /** Absent for a PDF. */
  decoded?: NormalizedOutput['decoded']
}

export interface ImageWorkerClient {
  /** Queues `file`; resolves with the page, or rejects with an `ImageRejectedError` naming the problem. */
  normalize(file: Blob, opts: NormalizeOptions): Promise<NormalizedImage>
  /**
   * Runs any other job of `imageJobs.ts` (e.g. `rotate`) in the worker, or on the main thread where there
   * is none. A refusal rejects with the worker's JobRefusedError (its `refusal.reason` is a code).
   */
  run<K extends Exclude<keyof ImageJobs, 'normalize'>>(job: K, params: JobParams<ImageJobs, K>): Promise<JobResult<ImageJobs, K>>
  /** Stops the worker to free its memory: the job in progress is rejected, queued jobs go on in a fresh one. */
  restart(): void
  /** Stops for good: every pending job is rejected and later calls are refused. */
  terminate(): void
  readonly state: ImageWorkerState
  readonly processed: number
  readonly queued: number
  /** Listener for state changes; may be (re)assigned at any time. */
  onStateChange?: (snapshot: ImageWorkerSnapshot) => void
}

/** Why a file did not become a page, as a code: the image's own problem, or the worker going away. */
export type RejectionReason = ImageRefusal['reason'] | 'interrupted' | 'stopped'

/** A file that did not become a page. `message` is a sentence for the clerk. */
export class ImageRejectedError extends Error {
  constructor(
    message: string,
    readonly reason: RejectionReason,
    readonly fileName: string,
  ) {
    super(message)
    this.name = 'ImageRejectedError'
  }
}

export const INTERRUPTED_MESSAGES = {
  restarted: 'Processing this photo was stopped to free memory; please add it again.',
  crashed: 'The image processor stopped unexpectedly while reading this photo; please add it again.',
  stopped: 'The scanner was closed before this photo was processed.',
} as const

interface Job {
  file: Blob
  opts: NormalizeOptions
  resolve: (image: NormalizedImage) => void
  reject: (error: ImageRejectedError) => void
  settled: boolean
}

/** Creates the client. Nothing starts until the first `normalize` call. */
export function createImageWorkerClient(options: ImageWorkerClientOptions = {}): ImageWorkerClient {
  const maxPagePx = options.maxPagePx ?? DEFAULT_MAX_PAGE_PX
  const thumbPx = options.thumbPx ?? DEFAULT_THUMB_PX
  let mode: ImagePipelineMode = options.mode ?? (canUseWorker() ? 'auto' : 'main-thread')
  const createWorker =
    options.createWorker ??
    (() => new Worker(new URL('./imageNormalizer.worker.ts', import.meta.url), { type: 'module', name: 'image-normalizer' }))

  const waiting: Job[] = []
  let current: Job | null = null
  let state: ImageWorkerState = 'idle'
  let processed = 0
  const rpc = createRpcClient<ImageJobs>(createWorker)
  let mainThreadJobs: ImageJobs | null = null

  const client: ImageWorkerClient = {
    normalize,
    run,
    restart,
    terminate,
    get state() {
      return state
    },
    get processed() {
      return processed
    },
    get queued() {
      return waiting.length
    },
    onStateChange: options.onStateChange,
  }

  function notify(): void {
    client.onStateChange?.({ state, processed, queued: waiting.length })
  }

  function normalize(file: Blob, opts: NormalizeOptions): Promise<NormalizedImage> {
    if (state === 'stopped') return Promise.reject(new ImageRejectedError(INTERRUPTED_MESSAGES.stopped, 'stopped', opts.fileName))
    return new Promise<NormalizedImage>((resolve, reject) => {
      waiting.push({ file, opts, resolve, reject, settled: false })
      if (!current) void pump()
      else notify()
    })
  }

  async function pump(): Promise<void> {
    while (!current && waiting.length && state !== 'stopped') {
      const job = waiting.shift() as Job
      current = job
      state = 'busy'
      notify()
      try {
        const image = await processJob(job)
        settle(job, () => job.resolve(image))
      } catch (error) {
        settle(job, () => job.reject(toRejection(error, job.opts.fileName)))
      } finally {
        options.onDecoding?.(0)
        if (current === job) current = null
      }
    }
    if (!current && state !== 'stopped') {
      state = 'idle'
      notify()
    }
  }

  function settle(job: Job, finish: () => void): void {
    if (job.settled) return
    job.settled = true
    processed += 1
    finish()
  }

  async function processJob(job: Job): Promise<NormalizedImage> {
    const { file, opts } = job
    const head = new Uint8Array(await file.slice(0, SNIFF_HEAD_BYTES).arrayBuffer())
    // Restarted or stopped while reading the header: the job is already answered.
    if (job.settled) throw new ImageRejectedError(INTERRUPTED_MESSAGES.restarted, 'interrupted', opts.fileName)
    const sniff = sniffImage(head, file.size)
    const problem = checkLimits(sniff, file.size)
    if (problem) throw new ImageRejectedError(refusalMessage(problem), problem.reason, opts.fileName)
    if (sniff.kind === 'pdf') {
      return { kind: 'pdf', page: file, thumb: null, width: 0, height: 0, mime: 'application/pdf', keptOriginal: true }
    }
    const params: NormalizeParams = {
      file,
      fileName: opts.fileName,
      sniff: {
        kind: sniff.kind!,
        mime: sniff.mime!,
        width: sniff.width,
        height: sniff.height,
        orientation: sniff.orientation,
      } as SniffedImage,
      maxPagePx: opts.maxPagePx ?? maxPagePx,
      thumbPx,
      forceBitmapResize: mode === 'worker-bitmap',
      document: opts.document,
    }
    const image = useWorker()
      ? await rpc.call('normalize', params, { onProgress: options.onDecoding })
      : await mainThread().normalize(
          { ...params, maxPagePx: Math.min(params.maxPagePx, SAFARI_CANVAS_MAX_SIDE), forceBitmapResize: true },
          { progress: (pixels) => options.onDecoding?.(pixels) },
        )
    // A kept page is the caller's own Blob, not the worker's clone of it.
    return { kind: 'image', ...image, page: image.keptOriginal ? file : image.page }
  }

  function run<K extends Exclude<keyof ImageJobs, 'normalize'>>(job: K, params: JobParams<ImageJobs, K>): Promise<JobResult<ImageJobs, K>> {
    if (state === 'stopped') return Promise.reject(new JobInterruptedError('stopped'))
    if (useWorker()) return rpc.call(job, params)
    // TypeScript cannot follow a generic key into the handler's own signature; the map's type guarantees it.
    const handler = mainThread()[job] as unknown as JobHandler<JobParams<ImageJobs, K>, JobResult<ImageJobs, K>>
    return handler(params, { progress: () => undefined })
  }

  /** Whether jobs go to the worker: once a worker could not be made, the main thread does them. */
  function useWorker(): boolean {
    if (mode === 'main-thread') return false
    try {
      rpc.start()
      return true
    } catch {
      // No module workers here (or a policy forbids them): do the same work on the main thread.
      mode = 'main-thread'
      return false
    }
  }

  function mainThread(): ImageJobs {
    mainThreadJobs ??= createImageJobs({ createSurface: createCanvasSurface, bitmapMethod: 'main-thread' })
    return mainThreadJobs
  }

  /** Rejects `job` now and unblocks the loop waiting on the worker's answer; the loop then moves on. */
  function interrupt(job: Job, error: ImageRejectedError): void {
    settle(job, () => job.reject(error))
  }

  function restart(): void {
    if (state === 'stopped') return
    // The call in flight rejects with 'restarted', which unblocks the loop; the job is answered here first.
    rpc.restart()
    if (current) interrupt(current, new ImageRejectedError(INTERRUPTED_MESSAGES.restarted, 'interrupted', current.opts.fileName))
  }

  function terminate(): void {
    if (state === 'stopped') return
    state = 'stopped'
    rpc.terminate()
    for (const job of [current, ...waiting.splice(0)]) {
      if (job) interrupt(job, new ImageRejectedError(INTERRUPTED_MESSAGES.stopped, 'stopped', job.opts.fileName))
    }
    options.onDecoding?.(0)
    notify()
  }

  return client
}

/** A worker needs OffscreenCanvas to draw; without it (Safari < 16.4) the main thread does the work. */
function canUseWorker(): boolean {
  return typeof Worker === 'function' && typeof OffscreenCanvas === 'function' && 'convertToBlob' in OffscreenCanvas.prototype
}

function toRejection(error: unknown, fileName: string): ImageRejectedError {
  if (error instanceof ImageRejectedError) return error
  if (error instanceof JobRefusedError) {
    const refusal = error.refusal as ImageRefusal
    return new ImageRejectedError(refusalMessage(refusal), refusal.reason, fileName)
  }
  if (error instanceof JobInterruptedError) {
    if (error.reason === 'stopped') return new ImageRejectedError(INTERRUPTED_MESSAGES.stopped, 'stopped', fileName)
    return new ImageRejectedError(INTERRUPTED_MESSAGES[error.reason], 'interrupted', fileName)
  }
  const detail = error instanceof Error ? error.message : String(error)
  return new ImageRejectedError(refusalMessage({ reason: 'failed', stage: 'read', detail }), 'failed', fileName)
}
