import { JobRefusedError, type JobHandlers, type RpcAnswer, type RpcCall } from './rpc'

/** The part of a worker's global scope the server needs (a test can pass its own). */
export interface WorkerScope {
  addEventListener(type: 'message', listener: (event: MessageEvent<RpcCall>) => void): void
  postMessage(message: RpcAnswer): void
}

/**
 * Answers the app's calls with `handlers`, strictly one after another, so the worker never holds two
 * jobs' pixels at once. A JobRefusedError goes back as its refusal; anything else as a 'failed' refusal.
 */
export function serveJobs(scope: WorkerScope, handlers: JobHandlers): void {
  let chain: Promise<void> = Promise.resolve()
  scope.addEventListener('message', (event) => {
    const call = event.data
    if (call?.type !== 'call') return
    chain = chain.then(async () => {
      const handler = Object.hasOwn(handlers, call.job) ? handlers[call.job] : undefined
      try {
        if (!handler) throw new JobRefusedError({ reason: 'unknown-job', job: call.job })
        const result: unknown = await handler(call.params, {
          progress: (value) => scope.postMessage({ type: 'progress', id: call.id, value }),
        })
        scope.postMessage({ type: 'done', id: call.id, result })
      } catch (error) {
        const refusal = error instanceof JobRefusedError ? error.refusal : { reason: 'failed', stage: 'process', detail: String(error) }
        scope.postMessage({ type: 'refused', id: call.id, refusal })
      }
    })
  })
}
