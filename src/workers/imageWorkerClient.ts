/**
 * The app's side of the image pipeline: checks each file's first bytes, passes PDFs through, and sends
 * photos to a small pool of image workers, as many at once as the cores and the memory budget allow
 * (`lib/imageJobBudget.ts`), answering them in the order they came (`lib/orderedPool.ts`). Where a browser
 * has no OffscreenCanvas the same jobs run on the main thread, one at a time. Each worker is reached
 * through `rpc.ts`; its jobs are `imageJobs.ts`.
 */
import { DEFAULT_MAX_PAGE_PX, DEFAULT_THUMB_PX } from '../lib/decodeTarget'
import { imageJobPixels, imageJobSlots, mayStartImageJob } from '../lib/imageJobBudget'
import { refusalMessage, type ImageRefusal } from '../lib/imageRefusal'
import { t } from '../locales/i18n'
import { checkLimits, SNIFF_HEAD_BYTES, sniffImage } from '../lib/imageSniff'
import { createOrderedPool } from '../lib/orderedPool'
import { yieldToMain } from '../lib/yieldToMain'
import { createImageJobs, type ImageJobs } from './imageJobs'
import type { DocumentRequest, NormalizedOutput, NormalizeParams, SniffedImage } from './imageProtocol'
import { createCanvasSurface, SAFARI_CANVAS_MAX_SIDE } from './mainThreadCanvas'
import {
  createRpcClient,
  JobInterruptedError,
  JobRefusedError,
  type JobHandler,
  type JobParams,
  type JobResult,
  type RpcClient,
} from './rpc'

export type ImageWorkerState = 'idle' | 'busy' | 'stopped'

export interface ImageWorkerSnapshot {
  state: ImageWorkerState
  /** Jobs finished so far, whether they became pages or were refused. */
  processed: number
  /** Jobs waiting behind the ones in progress. */
  queued: number
}

/** The memory figures a job's admission is judged on (see `mayStartImageJob`), read when it is asked. */
export interface ImageJobMemory {
  /** The memory store's own account, the pixels this client reported through `onDecoding` included. */
  accountBytes: number
  budgetBytes: number
  /** The ratio the memory level is judged on now. */
  ratio: number
  gcThreshold: number
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
  /**
   * Pixels the running jobs hold (each job's estimate from its header, counted before it starts, or what its
   * worker reports if more), 0 when idle: for the memory monitor.
   */
  onDecoding?: (pixels: number) => void
  /** The memory account, asked before a second or later job starts; without it only the cores bound the pool. */
  memory?: () => ImageJobMemory
  /** Logical cores (`navigator.hardwareConcurrency` by default): at most this many workers, and never more than 4. */
  cores?: number
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
  /** Called when the file goes to a worker (or is answered without one): it is in progress from then on. */
  onStart?: () => void
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
  /**
   * Queues `file`; resolves with the page, or rejects with an `ImageRejectedError` naming the problem. Files
   * may be made at the same time in several workers, but answers come in the order the files were queued.
   */
  normalize(file: Blob, opts: NormalizeOptions): Promise<NormalizedImage>
  /**
   * Runs any other job of `imageJobs.ts` (e.g. `rotate`) in the worker, or on the main thread where there
   * is none. A refusal rejects with the worker's JobRefusedError (its `refusal.reason` is a code).
   */
  run<K extends Exclude<keyof ImageJobs, 'normalize'>>(job: K, params: JobParams<ImageJobs, K>): Promise<JobResult<ImageJobs, K>>
  /**
   * Starts the first worker before the first photo, so its script is fetched, compiled and run by the time a photo
   * comes (a cold worker made the first page the slowest by 170–620 ms in bench:lowend). Nothing on the main thread path.
   */
  warm(): void
  /** Stops the workers to free their memory: jobs in progress are rejected, queued jobs go on in fresh ones. */
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

/** A file that did not become a page. `message` is a sentence for the clerk, in the app's language when it was refused. */
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

/** The message keys (src/locales) for a photo the worker did not finish. */
export const INTERRUPTED_MESSAGES = {
  restarted: 'errors.image.restarted',
  crashed: 'errors.image.crashed',
  stopped: 'errors.image.stopped',
} as const

interface Job {
  file: Blob
  opts: NormalizeOptions
  /** Parameters for the worker, or the answer already known from the header (a PDF, a refusal). */
  prepared: { params: NormalizeParams; pixels: number | null } | { answer: NormalizedImage } | { error: ImageRejectedError }
  /** Pixels this job holds now, for `onDecoding`. */
  holding: number
}

/** Creates the client. Nothing starts until the first `normalize` call. */
export function createImageWorkerClient(options: ImageWorkerClientOptions = {}): ImageWorkerClient {
  const maxPagePx = options.maxPagePx ?? DEFAULT_MAX_PAGE_PX
  const thumbPx = options.thumbPx ?? DEFAULT_THUMB_PX
  let mode: ImagePipelineMode = options.mode ?? (canUseWorker() ? 'auto' : 'main-thread')
  const createWorker =
    options.createWorker ??
    (() => new Worker(new URL('./imageNormalizer.worker.ts', import.meta.url), { type: 'module', name: 'image-normalizer' }))
  const cores = options.cores ?? globalThis.navigator?.hardwareConcurrency

  let state: ImageWorkerState = 'idle'
  let processed = 0
  /** Files given to `normalize` and not yet answered, in order. */
  let outstanding = 0
  // Headers are read one file at a time, so files join the pool in the order they were given.
  let reading: Promise<unknown> = Promise.resolve()
  /** One RPC client per pool slot; slot 0's worker also runs the other jobs (`run`). */
  const workers: RpcClient<ImageJobs>[] = []
  let mainThreadJobs: ImageJobs | null = null

  const pool = createOrderedPool<Job, NormalizedImage>({
    // The main thread draws one photo at a time: two canvases of pages at once would only stall it longer.
    slots: () => (mode === 'main-thread' ? 1 : imageJobSlots(cores)),
    admit: (next, running) => {
      const pixels = 'params' in next.prepared ? next.prepared.pixels : 0
      if (!options.memory) return pixels !== null
      return mayStartImageJob({ running: running.length, nextPixels: pixels, cores, ...options.memory() })
    },
    run: runJob,
  })

  const client: ImageWorkerClient = {
    normalize,
    run,
    warm: () => {
      if (state !== 'stopped') useWorker()
    },
    restart,
    terminate,
    get state() {
      return state
    },
    get processed() {
      return processed
    },
    get queued() {
      return Math.max(0, outstanding - pool.running.length)
    },
    onStateChange: options.onStateChange,
  }

  function notify(): void {
    client.onStateChange?.({ state, processed, queued: client.queued })
  }

  function reportPixels(): void {
    options.onDecoding?.(pool.running.reduce((sum, job) => sum + job.holding, 0))
  }

  function normalize(file: Blob, opts: NormalizeOptions): Promise<NormalizedImage> {
    if (state === 'stopped') return Promise.reject(new ImageRejectedError(t(INTERRUPTED_MESSAGES.stopped), 'stopped', opts.fileName))
    outstanding += 1
    state = 'busy'
    notify()
    const ready = reading.then(() => prepare(file, opts))
    reading = ready
    return ready
      .then((job) => {
        if (state === 'stopped') throw new ImageRejectedError(t(INTERRUPTED_MESSAGES.stopped), 'stopped', opts.fileName)
        return pool.push(job)
      })
      .catch((error: unknown) => {
        throw toRejection(error, opts.fileName)
      })
      .finally(() => {
        outstanding -= 1
        processed += 1
        if (outstanding === 0 && state !== 'stopped') {
          state = 'idle'
          endSpareWorkers()
        }
        notify()
      })
  }

  /** Reads the file's header: a PDF or a refusal is answered from it; a photo gets its parameters and cost. */
  async function prepare(file: Blob, opts: NormalizeOptions): Promise<Job> {
    return {
      file,
      opts,
      prepared: await readHeader(file, opts).catch((error: unknown) => ({ error: toRejection(error, opts.fileName) })),
      holding: 0,
    }
  }

  async function readHeader(file: Blob, opts: NormalizeOptions): Promise<Job['prepared']> {
    // Chromium checks a picked file on disk, synchronously, when it is sliced or its size is asked (370 ms of
    // main-thread time for 30 photos in bench:lowend): each file's check gets a task of its own, after any frame
    // that is due, rather than one after the other in the task that picked them; and the size is asked once.
    await yieldToMain()
    const size = file.size
    const head = new Uint8Array(await file.slice(0, SNIFF_HEAD_BYTES).arrayBuffer())
    const sniff = sniffImage(head, size)
    const problem = checkLimits(sniff, size)
    if (problem) throw new ImageRejectedError(refusalMessage(problem, t), problem.reason, opts.fileName)
    if (sniff.kind === 'pdf') {
      return { answer: { kind: 'pdf', page: file, thumb: null, width: 0, height: 0, mime: 'application/pdf', keptOriginal: true } }
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
    const pixels = imageJobPixels({
      coded: sniff.width && sniff.height ? { width: sniff.width, height: sniff.height } : null,
      orientation: sniff.orientation,
      scaledDecode: mode === 'auto' && sniff.kind === 'jpeg' && typeof ImageDecoder === 'function',
      maxPagePx: params.maxPagePx,
      shaped: !!opts.document && mode !== 'main-thread',
    })
    return { params, pixels }
  }

  async function runJob(job: Job, slot: number): Promise<NormalizedImage> {
    job.opts.onStart?.()
    const { prepared } = job
    try {
      if ('answer' in prepared) return prepared.answer
      if ('error' in prepared) throw prepared.error
      const { params, pixels } = prepared
      const onProgress = (value: number) => {
        job.holding = Math.max(pixels ?? 0, value)
        reportPixels()
      }
      const worker = useWorker() ? workerFor(slot) : null
      const making = worker
        ? worker.call('normalize', params, { onProgress })
        : mainThread().normalize(
            { ...params, maxPagePx: Math.min(params.maxPagePx, SAFARI_CANVAS_MAX_SIDE), forceBitmapResize: true },
            { progress: onProgress },
          )
      // Counted as soon as the job is posted, before this returns to the pool: the next admission sees it.
      // (Posted first, so a restart() the figure sets off interrupts this job rather than missing it.)
      job.holding = Math.max(job.holding, pixels ?? 0)
      reportPixels()
      const image = await making
      // A kept page is the caller's own Blob, not the worker's clone of it.
      return { kind: 'image', ...image, page: image.keptOriginal ? job.file : image.page }
    } finally {
      job.holding = 0
      reportPixels()
    }
  }

  function workerFor(slot: number): RpcClient<ImageJobs> {
    while (workers.length <= slot) workers.push(createRpcClient<ImageJobs>(createWorker))
    return workers[slot]!
  }

  /** Ends every worker but the first once nothing waits: a worker's heap and decoder are not kept for nothing. */
  function endSpareWorkers(): void {
    for (const spare of workers.slice(1)) spare.restart()
  }

  function run<K extends Exclude<keyof ImageJobs, 'normalize'>>(job: K, params: JobParams<ImageJobs, K>): Promise<JobResult<ImageJobs, K>> {
    if (state === 'stopped') return Promise.reject(new JobInterruptedError('stopped'))
    if (useWorker()) return workerFor(0).call(job, params)
    // TypeScript cannot follow a generic key into the handler's own signature; the map's type guarantees it.
    const handler = mainThread()[job] as unknown as JobHandler<JobParams<ImageJobs, K>, JobResult<ImageJobs, K>>
    return handler(params, { progress: () => undefined })
  }

  /** Whether jobs go to the workers: once a worker could not be made, the main thread does them. */
  function useWorker(): boolean {
    if (mode === 'main-thread') return false
    try {
      workerFor(0).start()
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

  function restart(): void {
    if (state === 'stopped') return
    // Calls in flight reject with 'restarted' and are answered as interrupted; queued files go on in fresh workers.
    for (const worker of workers) worker.restart()
  }

  function terminate(): void {
    if (state === 'stopped') return
    state = 'stopped'
    pool.clear((job) => new ImageRejectedError(t(INTERRUPTED_MESSAGES.stopped), 'stopped', job.opts.fileName))
    for (const worker of workers) worker.terminate()
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
    return new ImageRejectedError(refusalMessage(refusal, t), refusal.reason, fileName)
  }
  if (error instanceof JobInterruptedError) {
    if (error.reason === 'stopped') return new ImageRejectedError(t(INTERRUPTED_MESSAGES.stopped), 'stopped', fileName)
    return new ImageRejectedError(t(INTERRUPTED_MESSAGES[error.reason]), 'interrupted', fileName)
  }
  const detail = error instanceof Error ? error.message : String(error)
  return new ImageRejectedError(refusalMessage({ reason: 'failed', stage: 'read', detail }, t), 'failed', fileName)
}
