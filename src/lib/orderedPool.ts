/**
 * A pool that runs jobs side by side but answers them in the order they came: several photos of a gallery
 * pick are made into pages at once, and still land on the strip as the clerk picked them. Pure scheduling:
 * what a job costs and whether one more may start is the caller's `admit`; what running one means is `run`.
 */

/** How the pool decides and does. */
export interface OrderedPoolOptions<J, R> {
  /** The most jobs that may run at once (e.g. from the cores); read before each start, so it may change. */
  slots: () => number
  /**
   * Whether `next` may start beside `running` (the memory budget). Not asked when nothing runs: the first
   * job always starts, so a job too big for the budget still runs, alone.
   */
  admit: (next: J, running: readonly J[]) => boolean
  /** Runs one job in `slot` (0 ≤ slot < slots()), e.g. on that slot's worker. */
  run: (job: J, slot: number) => Promise<R>
}

/** The pool as its owner sees it. */
export interface OrderedPool<J, R> {
  /** Queues `job`; settles with its result, but never before every job pushed earlier has settled. */
  push(job: J): Promise<R>
  /** Starts what may start now; call it when the budget may have grown (memory freed). */
  pump(): void
  /** Takes every job that has not started off the queue and rejects it with `reason(job)`. */
  clear(reason: (job: J) => Error): void
  /** The jobs running now. */
  readonly running: readonly J[]
  /** How many wait to start. */
  readonly waiting: number
}

interface Waiting<J, R> {
  job: J
  resolve: (result: R) => void
  reject: (error: unknown) => void
}

/** A pool with nothing in it. Jobs start in the order pushed: a big job at the head is not overtaken. */
export function createOrderedPool<J, R>(options: OrderedPoolOptions<J, R>): OrderedPool<J, R> {
  const queue: Waiting<J, R>[] = []
  const busy: (J | null)[] = []
  // Settles when every job pushed so far has; each new answer waits on it.
  let tail: Promise<void> = Promise.resolve()

  const runningJobs = () => busy.filter((job): job is J => job !== null)

  function pump(): void {
    while (queue.length) {
      const running = runningJobs()
      const head = queue[0] as Waiting<J, R>
      if (running.length >= Math.max(1, options.slots())) return
      if (running.length > 0 && !options.admit(head.job, running)) return
      queue.shift()
      let slot = busy.indexOf(null)
      if (slot < 0) slot = busy.push(null) - 1
      busy[slot] = head.job
      let started: Promise<R>
      try {
        started = options.run(head.job, slot)
      } catch (error) {
        started = Promise.reject(error)
      }
      started
        .finally(() => {
          busy[slot] = null
          pump()
        })
        .then(head.resolve, head.reject)
    }
  }

  return {
    push(job) {
      const result = new Promise<R>((resolve, reject) => queue.push({ job, resolve, reject }))
      const before = tail
      const answered = result.then(
        (value) => before.then(() => value),
        (error: unknown) => before.then(() => Promise.reject(error)),
      )
      tail = answered.then(
        () => undefined,
        () => undefined,
      )
      pump()
      return answered
    },
    pump,
    clear(reason) {
      for (const entry of queue.splice(0)) entry.reject(reason(entry.job))
    },
    get running() {
      return runningJobs()
    },
    get waiting() {
      return queue.length
    },
  }
}
