/** Sends one draft; `signal` stops it, and a stopped run saves where it was. */
export type SendRun = (id: string, signal: AbortSignal) => Promise<void>

/** Drafts sent one at a time, in the order asked, so one batch and one page Blob at most are in memory. */
export interface SendQueue {
  /** Sends `id` after every run queued before it; resolves once its run is over (or skipped). Never rejects. */
  enqueue(id: string): Promise<void>
  /** Stops the run in progress, if any (going offline, signing out). */
  abort(): void
  /** Whether `id` is being held out of the queue by {@link SendQueue.withhold}. */
  isWithheld(id: string): boolean
  /**
   * Holds `id` out of the queue while `work` runs (a discard): a run of it in progress is stopped and
   * waited for, and runs of it queued meanwhile are skipped. Other drafts keep their places.
   */
  withhold<T>(id: string, work: () => Promise<T>): Promise<T>
}

/** A {@link SendQueue} over `run`. */
export function createSendQueue(run: SendRun): SendQueue {
  let tail: Promise<void> = Promise.resolve()
  let current: { id: string; controller: AbortController; done: Promise<void> } | null = null
  const withheld = new Set<string>()

  async function runOne(id: string): Promise<void> {
    if (withheld.has(id)) return
    const controller = new AbortController()
    const done = run(id, controller.signal)
    current = { id, controller, done }
    try {
      await done
    } finally {
      current = null
    }
  }

  return {
    enqueue(id) {
      tail = tail.then(() => runOne(id)).catch(() => undefined)
      return tail
    },
    abort() {
      current?.controller.abort()
    },
    isWithheld: (id) => withheld.has(id),
    async withhold(id, work) {
      withheld.add(id)
      try {
        if (current?.id === id) {
          current.controller.abort()
          await current.done.catch(() => undefined)
        }
        return await work()
      } finally {
        withheld.delete(id)
      }
    },
  }
}
