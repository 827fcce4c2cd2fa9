import { describe, expect, it } from 'vitest'
import { imageJobPixels, imageJobSlots, mayStartImageJob } from '@/lib/imageJobBudget'
import { createOrderedPool } from '@/lib/orderedPool'

interface Photo {
  name: string
  pixels: number
}

/** A job the test finishes by hand, in any order. */
function controlled() {
  const gates = new Map<string, { resolve: (value: string) => void; reject: (error: Error) => void }>()
  const started: { name: string; slot: number }[] = []
  let peak = 0
  let running = 0
  const run = (photo: Photo, slot: number) =>
    new Promise<string>((resolve, reject) => {
      started.push({ name: photo.name, slot })
      running += 1
      peak = Math.max(peak, running)
      const done = () => (running -= 1)
      gates.set(photo.name, {
        resolve: (value) => (done(), resolve(value)),
        reject: (error) => (done(), reject(error)),
      })
    })
  const finish = (name: string) => gates.get(name)!.resolve(`page of ${name}`)
  const fail = (name: string) => gates.get(name)!.reject(new Error(`${name} is damaged`))
  return { run, started, finish, fail, peak: () => peak }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0))
const photos = (count: number, pixels = 4_000_000) => Array.from({ length: count }, (_, i) => ({ name: `p${i + 1}`, pixels }))

/** The image client's admission over a fake memory account: each running job's pixels × 4 are held. */
function budgetAdmit(opts: { cores: number; budgetBytes: number; baseBytes?: number; heapRatio?: number; gcThreshold?: number }) {
  return (next: Photo, running: readonly Photo[]) => {
    const accountBytes = (opts.baseBytes ?? 0) + running.reduce((sum, job) => sum + job.pixels * 4, 0)
    return mayStartImageJob({
      running: running.length,
      nextPixels: next.pixels,
      cores: opts.cores,
      accountBytes,
      budgetBytes: opts.budgetBytes,
      ratio: Math.max(opts.heapRatio ?? 0, accountBytes / opts.budgetBytes),
      gcThreshold: opts.gcThreshold ?? 0.8,
    })
  }
}

describe('ordered pool', () => {
  it('answers in the order pushed even when later jobs finish first', async () => {
    const jobs = controlled()
    const pool = createOrderedPool<Photo, string>({ slots: () => 3, admit: () => true, run: jobs.run })
    const answered: string[] = []
    const all = photos(3).map((photo) => pool.push(photo).then((page) => answered.push(page)))
    expect(jobs.started.map((s) => s.name)).toEqual(['p1', 'p2', 'p3'])
    jobs.finish('p3')
    jobs.finish('p2')
    await tick()
    expect(answered).toEqual([])
    jobs.finish('p1')
    await Promise.all(all)
    expect(answered).toEqual(['page of p1', 'page of p2', 'page of p3'])
  })

  it('keeps the order across a failure: the failed job answers in its place', async () => {
    const jobs = controlled()
    const pool = createOrderedPool<Photo, string>({ slots: () => 2, admit: () => true, run: jobs.run })
    const answered: string[] = []
    const all = photos(3).map((photo) =>
      pool.push(photo).then(
        (page) => answered.push(page),
        (error: Error) => answered.push(error.message),
      ),
    )
    jobs.finish('p2')
    jobs.fail('p1')
    await tick()
    jobs.finish('p3')
    await Promise.all(all)
    expect(answered).toEqual(['p1 is damaged', 'page of p2', 'page of p3'])
  })

  it('runs no more at once than the slots, and reuses a freed slot', async () => {
    const jobs = controlled()
    const pool = createOrderedPool<Photo, string>({ slots: () => imageJobSlots(2), admit: () => true, run: jobs.run })
    const all = photos(5).map((photo) => pool.push(photo))
    expect(jobs.started).toEqual([
      { name: 'p1', slot: 0 },
      { name: 'p2', slot: 1 },
    ])
    expect(pool.waiting).toBe(3)
    jobs.finish('p2')
    await tick()
    expect(jobs.started.at(-1)).toEqual({ name: 'p3', slot: 1 })
    for (const name of ['p1', 'p3', 'p4', 'p5']) {
      await tick()
      jobs.finish(name)
    }
    await Promise.all(all)
    expect(jobs.peak()).toBe(2)
  })

  it('20 photos on 8 cores: as many at once as the memory budget holds, not as the cores', async () => {
    const jobs = controlled()
    // 12 MP photos shaped: ~12 MB of pixels × 4 bytes each = 48 MB; 400 MB budget below 0.8 holds 6.
    const pixels = 12_000_000
    const pool = createOrderedPool<Photo, string>({
      slots: () => imageJobSlots(8),
      admit: budgetAdmit({ cores: 8, budgetBytes: 400 * 1024 * 1024 }),
      run: jobs.run,
    })
    const all = photos(20, pixels).map((photo) => pool.push(photo))
    // Four workers at most (MAX_IMAGE_WORKERS), each job's 48 MB counted: 4 × 48 = 192 MB < 0.8 × 400 MB.
    expect(jobs.started).toHaveLength(4)
    const tight = createOrderedPool<Photo, string>({
      slots: () => imageJobSlots(8),
      admit: budgetAdmit({ cores: 8, budgetBytes: 200 * 1024 * 1024 }),
      run: controlled().run,
    })
    photos(20, pixels).forEach((photo) => void tight.push(photo).catch(() => undefined))
    // 200 MB: two jobs (96 MB) fit below 160 MB, a third (144 MB) still does, a fourth (192 MB) would not.
    expect(tight.running).toHaveLength(3)
    for (const photo of photos(20)) {
      await tick()
      jobs.finish(photo.name)
    }
    await Promise.all(all)
    expect(jobs.peak()).toBe(4)
  })

  it('degrades to one at a time while memory is at or above gc_threshold', async () => {
    const jobs = controlled()
    const pool = createOrderedPool<Photo, string>({
      slots: () => imageJobSlots(4),
      admit: budgetAdmit({ cores: 4, budgetBytes: 1024 * 1024 * 1024, heapRatio: 0.8 }),
      run: jobs.run,
    })
    const all = photos(4).map((photo) => pool.push(photo))
    for (const name of ['p1', 'p2', 'p3', 'p4']) {
      expect(pool.running.map((photo) => photo.name)).toEqual([name])
      jobs.finish(name)
      await tick()
    }
    await Promise.all(all)
    expect(jobs.peak()).toBe(1)
  })

  it('starts a job too big for the budget alone rather than never', async () => {
    const jobs = controlled()
    const pool = createOrderedPool<Photo, string>({
      slots: () => 4,
      admit: budgetAdmit({ cores: 4, budgetBytes: 100 }),
      run: jobs.run,
    })
    const all = photos(2, 1_000_000).map((photo) => pool.push(photo))
    expect(pool.running.map((photo) => photo.name)).toEqual(['p1'])
    jobs.finish('p1')
    await tick()
    expect(pool.running.map((photo) => photo.name)).toEqual(['p2'])
    jobs.finish('p2')
    await expect(Promise.all(all)).resolves.toEqual(['page of p1', 'page of p2'])
  })

  it('clear() rejects what has not started and leaves the running job alone', async () => {
    const jobs = controlled()
    const pool = createOrderedPool<Photo, string>({ slots: () => 1, admit: () => true, run: jobs.run })
    const [first, second] = photos(2).map((photo) => pool.push(photo))
    pool.clear((photo) => new Error(`${photo.name} stopped`))
    jobs.finish('p1')
    await expect(first).resolves.toBe('page of p1')
    await expect(second).rejects.toThrow('p2 stopped')
    expect(jobs.started.map((s) => s.name)).toEqual(['p1'])
  })
})

describe('image job admission', () => {
  const base = { running: 1, nextPixels: 1_000_000, cores: 4, accountBytes: 0, budgetBytes: 100_000_000, ratio: 0, gcThreshold: 0.8 }

  it('uses the cores, at least one and at most four', () => {
    expect([undefined, null, 0, 1, 2, 3, 8, 64].map((cores) => imageJobSlots(cores))).toEqual([1, 1, 1, 1, 2, 3, 4, 4])
    expect(mayStartImageJob({ ...base, running: 3 })).toBe(true)
    expect(mayStartImageJob({ ...base, running: 4 })).toBe(false)
    expect(mayStartImageJob({ ...base, cores: 1 })).toBe(false)
  })

  it('always lets the first job start, and a job of unknown size only alone', () => {
    expect(mayStartImageJob({ ...base, running: 0, nextPixels: null, ratio: 0.99 })).toBe(true)
    expect(mayStartImageJob({ ...base, nextPixels: null })).toBe(false)
  })

  it('counts the next job before it starts: not if it would take the account to gc_threshold', () => {
    // 60 MB held + 5 MP × 4 = 80 MB = 0.8 of 100 MB: at the threshold, so no.
    expect(mayStartImageJob({ ...base, accountBytes: 60_000_000, nextPixels: 5_000_000, ratio: 0.6 })).toBe(false)
    expect(mayStartImageJob({ ...base, accountBytes: 59_000_000, nextPixels: 5_000_000, ratio: 0.59 })).toBe(true)
    expect(mayStartImageJob({ ...base, ratio: 0.8 })).toBe(false)
  })
})

describe('image job pixels', () => {
  const photo12mp = { coded: { width: 4032, height: 3024 }, orientation: 1, maxPagePx: 2000 }

  it('counts the decode and the page, and the shaping buffers when the page is shaped', () => {
    // Chromium decodes the JPEG at 4/8 (2016×1512) for a 2000×1500 page.
    expect(imageJobPixels({ ...photo12mp, scaledDecode: true, shaped: false })).toBe(2016 * 1512 + 2000 * 1500)
    expect(imageJobPixels({ ...photo12mp, scaledDecode: true, shaped: true })).toBe(2000 * 1500 * 2.5)
    // Without the scaled decode (WebKit, PNG) the photo is decoded whole.
    expect(imageJobPixels({ ...photo12mp, scaledDecode: false, shaped: true })).toBe(4032 * 3024 + 2000 * 1500)
  })

  it('is unknown when the header gave no size', () => {
    expect(imageJobPixels({ ...photo12mp, coded: null, scaledDecode: true, shaped: true })).toBeNull()
  })
})
