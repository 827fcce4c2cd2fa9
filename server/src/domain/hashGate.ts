/** Thrown by {@link HashGate.run} when the queue is full: the caller answers 429 with Retry-After. */
export class HashGateFullError extends Error {
  constructor() {
    super('Too many sign-ins are being checked right now')
    this.name = 'HashGateFullError'
  }
}

/**
 * Bounds how many password hashes run at once, with a short queue behind them. scrypt runs on libuv's
 * thread pool (4 threads by default), which file reads share: hundreds of parallel sign-ins used to keep
 * every thread busy and a private file's GET waited 19.6 s. With at most `concurrency` hashes in flight the
 * other threads stay free for files; past `maxQueued` waiting, a sign-in is refused rather than queued for
 * ever. (p-limit would queue without bound, which is the very thing to avoid here.)
 */
export class HashGate {
  private running = 0
  private readonly waiting: Array<() => void> = []

  constructor(
    readonly concurrency = 2,
    readonly maxQueued = 32,
  ) {}

  /** Runs `task` when a slot is free; throws HashGateFullError at once when the queue is full. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxQueued) throw new HashGateFullError()
      await new Promise<void>((resolve) => this.waiting.push(resolve))
    } else {
      this.running += 1
    }
    try {
      return await task()
    } finally {
      // Hand the slot straight to the next waiter, so `running` never drops below what is really running.
      const next = this.waiting.shift()
      if (next) next()
      else this.running -= 1
    }
  }

  /** Hashes running and waiting now (for the probe and the log). */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length }
  }
}
