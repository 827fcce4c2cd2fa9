import type { JobHandlers, RpcAnswer, RpcCall } from '@/workers/rpc'
import { serveJobs } from '@/workers/rpcServe'

/**
 * A Worker that runs `serveJobs` (the real worker side) in this thread: messages cross asynchronously, as
 * they would between threads, and it can crash or hang on demand. Hand it to the real client as
 * `createWorker`; only the thread is fake.
 */
export class InProcessWorker extends EventTarget {
  terminated = false
  private readonly scope = new EventTarget()

  constructor(handlers: JobHandlers) {
    super()
    serveJobs(
      {
        addEventListener: (type, listener) => this.scope.addEventListener(type, listener as unknown as EventListener),
        postMessage: (message: RpcAnswer) => this.deliver(this, message),
      },
      handlers,
    )
  }

  postMessage(message: RpcCall): void {
    this.deliver(this.scope, message)
  }

  terminate(): void {
    this.terminated = true
  }

  /** What a worker whose script threw does: an `error` event on the app's side. */
  crash(): void {
    this.dispatchEvent(new Event('error', { cancelable: true }))
  }

  private deliver(target: EventTarget, data: unknown): void {
    setTimeout(() => {
      if (!this.terminated) target.dispatchEvent(new MessageEvent('message', { data }))
    })
  }
}
