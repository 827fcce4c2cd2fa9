/**
 * A small typed RPC over a dedicated worker: the app calls a job by name, the worker answers with the
 * job's result, progress notes, or a refusal carrying a reason code. A worker that crashes is replaced
 * on the next call, and `restart()` hands a worker's memory back at once.
 *
 * Our own rather than Comlink or VueUse's useWebWorkerFn: neither restarts a crashed worker, rejects the
 * call it had, or carries a refusal as data rather than as a thrown message.
 */

/** What a job may do while it runs. */
export interface JobContext {
  /** Sends a progress figure to the caller (e.g. the pixels about to be decoded). */
  progress(value: number): void
}

/** A job as the worker runs it. */
export type JobHandler<P, R> = (params: P, context: JobContext) => Promise<R>

/** The jobs a worker offers, by name. Adding one is adding a handler: the client's types follow it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each job has its own params and result
export type JobHandlers = Record<string, JobHandler<any, any>>

export type JobParams<J extends JobHandlers, K extends keyof J> = Parameters<J[K]>[0]
export type JobResult<J extends JobHandlers, K extends keyof J> = Awaited<ReturnType<J[K]>>

/** A call from the app. */
export interface RpcCall {
  type: 'call'
  id: number
  job: string
  params: unknown
}

/** A refusal as data: `reason` is a code the caller switches on, `details` what its message needs. */
export interface RpcRefusal {
  reason: string
  [detail: string]: unknown
}

/** An answer from the worker. */
export type RpcAnswer =
  | { type: 'progress'; id: number; value: number }
  | { type: 'done'; id: number; result: unknown }
  | { type: 'refused'; id: number; refusal: RpcRefusal }

/** Thrown by a job (in the worker) or by the client (in the app) when the job refused its input. */
export class JobRefusedError<R extends RpcRefusal = RpcRefusal> extends Error {
  constructor(readonly refusal: R) {
    super(`refused: ${refusal.reason}`)
    this.name = 'JobRefusedError'
  }
}

/** Why a call ended without an answer: the worker crashed, was restarted to free memory, or was stopped. */
export type InterruptReason = 'crashed' | 'restarted' | 'stopped'

export class JobInterruptedError extends Error {
  constructor(readonly reason: InterruptReason) {
    super(`interrupted: ${reason}`)
    this.name = 'JobInterruptedError'
  }
}

export interface CallOptions {
  onProgress?: (value: number) => void
  /** Objects moved to the worker rather than copied (an ImageBitmap, an ArrayBuffer); unusable here afterwards. */
  transfer?: Transferable[]
}

export interface RpcClient<J extends JobHandlers> {
  /** Runs `job` in the worker (started on first use, or again after a crash or restart). */
  call<K extends keyof J & string>(job: K, params: JobParams<J, K>, options?: CallOptions): Promise<JobResult<J, K>>
  /** Starts the worker now if none is running; throws when the browser cannot make one. */
  start(): void
  /** Ends the worker now to free its memory: calls in flight reject with 'restarted'; the next call starts a fresh one. */
  restart(): void
  /** Ends the worker for good: calls in flight and later calls reject with 'stopped'. */
  terminate(): void
  /** Whether a worker is running now. */
  readonly running: boolean
}

interface Pending {
  resolve(result: unknown): void
  reject(error: Error): void
  onProgress?: (value: number) => void
}

/** A client for the jobs `J` of the workers `createWorker` makes. Nothing starts until the first call. */
export function createRpcClient<J extends JobHandlers>(createWorker: () => Worker): RpcClient<J> {
  let worker: Worker | null = null
  let stopped = false
  let nextId = 1
  const pending = new Map<number, Pending>()

  function start(): Worker {
    if (worker) return worker
    const created = createWorker()
    created.addEventListener('message', (event: MessageEvent<RpcAnswer>) => {
      if (worker !== created) return
      const answer = event.data
      const call = pending.get(answer.id)
      if (!call) return
      if (answer.type === 'progress') return call.onProgress?.(answer.value)
      pending.delete(answer.id)
      if (answer.type === 'done') call.resolve(answer.result)
      else call.reject(new JobRefusedError(answer.refusal))
    })
    const crashed = () => {
      if (worker === created) end('crashed')
    }
    created.addEventListener('error', (event) => {
      event.preventDefault()
      crashed()
    })
    created.addEventListener('messageerror', crashed)
    worker = created
    return created
  }

  function end(reason: InterruptReason): void {
    worker?.terminate()
    worker = null
    const calls = [...pending.values()]
    pending.clear()
    for (const call of calls) call.reject(new JobInterruptedError(reason))
  }

  return {
    call(job, params, options = {}) {
      if (stopped) return Promise.reject(new JobInterruptedError('stopped'))
      const active = start()
      const id = nextId++
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (result: unknown) => void, reject, onProgress: options.onProgress })
        // Blobs go by reference (structured clone shares their bytes), so nothing is copied here.
        active.postMessage({ type: 'call', id, job, params } satisfies RpcCall, options.transfer ?? [])
      })
    },
    start() {
      if (!stopped) start()
    },
    restart() {
      if (!stopped) end('restarted')
    },
    terminate() {
      if (stopped) return
      stopped = true
      end('stopped')
    },
    get running() {
      return worker !== null
    },
  }
}
