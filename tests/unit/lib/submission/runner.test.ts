import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { prepareSubmission } from '@/lib/submission/prepare'
import { realClock, runSubmission, type RunSubmissionOptions } from '@/lib/submission/runner'
import type { SubmissionClock, SubmissionHeader, SubmissionProgressReport, SubmissionState } from '@/lib/submission/types'
import { FakeApiError, FakeBackend, FakeStorage, makeItems, makePages, networkError } from './fakeBackend'

const header: SubmissionHeader = {
  supplier: 'SUP-001',
  bill_no: 'B-42',
  bill_date: '2026-11-20',
  posting_date: '2026-11-28',
  currency: 'EUR',
}
const PAGE_IDS = ['page-1', 'page-2', 'page-3']

let clock: SubmissionClock & { waits: number[] }
beforeEach(() => {
  vi.useFakeTimers()
  const waits: number[] = []
  clock = {
    waits,
    sleep: (ms, signal) => {
      waits.push(ms)
      return realClock.sleep(ms, signal)
    },
    random: () => 0.5,
    now: () => Date.now(),
  }
})
afterEach(() => {
  vi.useRealTimers()
})

function start(items = 230, pageIds = PAGE_IDS, previous: SubmissionState | null = null): SubmissionState {
  return prepareSubmission({ previous, newClientRequestId: () => 'req-1', batchSize: 50, items, pageIds, now: Date.now() })
}

/** Runs to the end, letting fake time pass for every backoff sleep. */
async function run(
  options: Partial<RunSubmissionOptions> & Pick<RunSubmissionOptions, 'api' | 'storage' | 'state'>,
): Promise<SubmissionState> {
  const promise = runSubmission({ header, items: makeItems(230), clock, ...options })
  promise.catch(() => {})
  await vi.runAllTimersAsync()
  return promise
}

describe('runSubmission', () => {
  it('records the File the server answered for each page, so a page sent twice counts once', async () => {
    const api = new FakeBackend()
    const same = new Blob(['jpeg bytes of one receipt'], { type: 'image/jpeg' })
    const storage = new FakeStorage(new Map([...makePages(2), ['page-3', same], ['page-4', same]]))
    const final = await run({ api, storage, state: start(230, ['page-1', 'page-3', 'page-2', 'page-4']) })
    expect(final.phase).toBe('complete')
    expect(final.uploadedPages).toHaveLength(4)
    expect(final.storedFiles).toEqual(['file-1', 'file-2', 'file-3', 'file-2'])
    expect(api.invoice().files.size).toBe(3)
  })

  it('creates with batch 0, appends batches 1–4, then uploads each page, saving after every step', async () => {
    const api = new FakeBackend()
    const storage = new FakeStorage(makePages(3))
    const reports: SubmissionProgressReport[] = []
    const final = await run({ api, storage, state: start(), onProgress: (r) => reports.push(r) })

    expect(final.phase).toBe('complete')
    expect(api.calls).toEqual([
      { method: 'create', batch: 0 },
      { method: 'append', batch: 1 },
      { method: 'append', batch: 2 },
      { method: 'append', batch: 3 },
      { method: 'append', batch: 4 },
      { method: 'upload' },
      { method: 'upload' },
      { method: 'upload' },
    ])
    const invoice = api.invoice()
    expect(invoice.items).toEqual(makeItems(230))
    expect(invoice.files.size).toBe(3)
    expect(final.storedFiles).toEqual(['file-1', 'file-2', 'file-3'])
    expect(final.invoice).toBe(invoice.name)
    expect(final.progress?.scan_status).toBe('Complete')
    // One save to start, one per acknowledged step (5 batches + 3 pages), one before each page is sent (its
    // answer could be lost), one to finish.
    expect(storage.saved.map((s) => s.ackedBatches.length)).toEqual([0, 1, 2, 3, 4, 5, 5, 5, 5, 5, 5, 5, 5])
    expect(storage.saved.map((s) => s.uploadedPages.length)).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 3, 3])
    expect(storage.saved.map((s) => s.uploadInFlight ?? null).slice(5)).toEqual([
      null,
      'page-1',
      null,
      'page-2',
      null,
      'page-3',
      null,
      null,
    ])
    const texts = reports.map((r) => r.text)
    expect(texts).toContain('Lines 1–50 of 230')
    expect(texts).toContain('Lines 51–100 of 230')
    expect(texts).toContain('Lines 201–230 of 230')
    expect(texts).toContain('Page 2 of 3, 60 %')
    // Never stalled: a page's bytes move the bar, and once they are all sent (or while lines are out) the
    // report says only the answer is awaited.
    const page2 = reports.filter((r) => r.text.startsWith('Page 2 of 3'))
    expect(page2.map((r) => [r.text, r.waiting])).toEqual([
      ['Page 2 of 3, 0 %', false],
      ['Page 2 of 3, 60 %', false],
      ['Page 2 of 3, 100 %', true],
    ])
    expect(page2.map((r) => r.fraction)).toEqual([...page2.map((r) => r.fraction)].sort((a, b) => a - b))
    expect(reports.find((r) => r.text === 'Lines 51–100 of 230')?.waiting).toBe(true)
    expect(reports.at(-1)).toEqual({ text: 'Sent', fraction: 1 })
  })

  it('reads each page Blob just before sending it and never holds two', async () => {
    const api = new FakeBackend()
    const storage = new FakeStorage(makePages(3))
    const order: string[] = []
    const read = storage.readPage.bind(storage)
    storage.readPage = async (id) => {
      order.push(`read ${id}`)
      return read(id)
    }
    const upload = api.uploadFile.bind(api)
    api.uploadFile = async (blob, opts) => {
      const file = await upload(blob, opts)
      order.push(`sent ${await blob.text()}`)
      return file
    }
    await run({ api, storage, state: start() })
    expect(order).toEqual([
      'read page-1',
      'sent jpeg bytes of page 1',
      'read page-2',
      'sent jpeg bytes of page 2',
      'read page-3',
      'sent jpeg bytes of page 3',
    ])
    expect(api.maxUploadsInFlight).toBe(1)
  })

  it('retries a network error on the third batch with growing, jittered waits and stores every line once', async () => {
    const api = new FakeBackend().fail('append', networkError, 3)
    const storage = new FakeStorage(makePages(3))
    const final = await run({ api, storage, state: start() })
    expect(final.phase).toBe('complete')
    expect(api.calls.filter((c) => c.method === 'append' && c.batch === 1)).toHaveLength(4)
    // random() = 0.5 of a ceiling that doubles from 1 s.
    expect(clock.waits).toEqual([500, 1000, 2000])
    expect(api.invoice().items).toEqual(makeItems(230))
  })

  it('honours Retry-After on a 503', async () => {
    const api = new FakeBackend().fail('create', () => new FakeApiError(503, 'MemoryPressureError', 'Server is low on memory', 7))
    const final = await run({ api, storage: new FakeStorage(makePages(3)), state: start() })
    expect(clock.waits).toEqual([7000])
    expect(final.phase).toBe('complete')
  })

  it('waits out a 429 and retries, as the real client does (the fake fails with the real FrappeError)', async () => {
    const api = new FakeBackend().fail('append', () => new FakeApiError(429, 'TooManyRequestsError', 'Too many requests', 3))
    const final = await run({ api, storage: new FakeStorage(makePages(3)), state: start() })
    expect(clock.waits).toEqual([3000])
    expect(final.phase).toBe('complete')
  })

  it('records a retryable error while it waits, so the outbox can show it', async () => {
    const api = new FakeBackend().fail('append', () => new FakeApiError(502, 'InternalServerError', 'Bad gateway'))
    const storage = new FakeStorage(makePages(1))
    await run({ api, storage, state: start(230, ['page-1']) })
    expect(storage.saved.some((s) => s.lastError?.message === 'Bad gateway' && s.lastError.retryable)).toBe(true)
    expect(storage.last().lastError).toBeNull()
  })

  it('drops the retried error as soon as the retry works, while the rest is still being sent', async () => {
    const api = new FakeBackend().fail('create', () => new FakeApiError(503, 'MemoryPressureError', 'Server is low on memory', 1))
    const storage = new FakeStorage(makePages(1))
    await run({ api, storage, state: start(230, ['page-1']) })
    const busy = storage.saved.map((s) => s.lastError?.message).lastIndexOf('Server is low on memory')
    expect(busy).toBeGreaterThan(-1)
    // The very next save is the acknowledged create, still sending, with nothing left to warn about.
    expect(storage.saved[busy + 1]).toMatchObject({ phase: 'sending', ackedBatches: [0], lastError: null })
  })

  it('does not store a line twice when an answer is lost after the server stored it', async () => {
    const api = new FakeBackend()
      .fail('create', networkError, 1, 'after')
      .fail('append', networkError, 2, 'after')
      .fail('upload', networkError, 1, 'after')
    const final = await run({ api, storage: new FakeStorage(makePages(3)), state: start() })
    expect(final.phase).toBe('complete')
    expect(api.invoices).toHaveLength(1)
    expect(api.invoice().items).toEqual(makeItems(230))
    expect(api.invoice().files.size).toBe(3)
  })

  describe('on a bench, where the same bytes uploaded twice make two Files', () => {
    /** A backend that makes a new File for the same bytes, as Frappe does, with an upload failing `when`. */
    const bench = (when?: 'before' | 'after') => {
      const api = when ? new FakeBackend().fail('upload', networkError, 1, when) : new FakeBackend()
      api.dedupeUploads = false
      return api
    }

    it('attaches a page whose upload answer was lost once: it is found on the invoice, not sent again', async () => {
      const api = bench('after')
      const final = await run({ api, storage: new FakeStorage(makePages(3)), state: start() })
      expect(final.phase).toBe('complete')
      expect(api.invoice().files.size).toBe(3)
      expect(api.calls.filter((call) => call.method === 'upload')).toHaveLength(3)
      expect(final.storedFiles).toEqual(['file-1', 'file-2', 'file-3'])
    })

    it('sends a page again when the lost upload never reached the server', async () => {
      const api = bench('before')
      const final = await run({ api, storage: new FakeStorage(makePages(3)), state: start() })
      expect(final.phase).toBe('complete')
      expect(api.invoice().files.size).toBe(3)
      expect(api.calls.filter((call) => call.method === 'find-files')).toHaveLength(1)
    })

    it('after a reload mid-upload, finds the page the server kept', async () => {
      const api = bench('after')
      const storage = new FakeStorage(makePages(3))
      // The tab closes while page 1's answer is on its way: what was saved says it was in flight.
      const paused = await run({ api, storage, state: start(), maxAttempts: 1 })
      expect(paused).toMatchObject({ phase: 'paused', uploadInFlight: 'page-1', uploadedPages: [] })
      const final = await run({ api, storage, state: paused })
      expect(final.phase).toBe('complete')
      expect(api.invoice().files.size).toBe(3)
    })

    it('sends the page again when listing the invoice’s Files is refused, and retries when it got no answer', async () => {
      const refused = bench('after').fail('find-files', () => new FakeApiError(403, 'PermissionError', 'Not permitted to read File'))
      const first = await run({ api: refused, storage: new FakeStorage(makePages(3)), state: start() })
      expect(first.phase).toBe('complete')
      // The refusal cost a second File for page 1, as on a bench before the check; nothing failed.
      expect(refused.invoice().files.size).toBe(4)

      const offline = bench('after').fail('find-files', networkError)
      const second = await run({ api: offline, storage: new FakeStorage(makePages(3)), state: start() })
      expect(second.phase).toBe('complete')
      expect(offline.calls.filter((call) => call.method === 'find-files')).toHaveLength(2)
      expect(offline.invoice().files.size).toBe(3)
    })

    it('does not take another page’s File of the same bytes for this one', async () => {
      const same = new Blob(['jpeg bytes of one receipt'], { type: 'image/jpeg' })
      const api = bench()
      // page-3 is sent; page-4, the same image, fails before the server kept it: page-3's File is not page-4's.
      const upload = api.uploadFile.bind(api)
      let uploads = 0
      api.uploadFile = async (blob, options) => {
        if (++uploads === 2) throw networkError()
        return upload(blob, options)
      }
      const storage = new FakeStorage(
        new Map([
          ['page-3', same],
          ['page-4', same],
        ]),
      )
      const final = await run({ api, storage, state: start(230, ['page-3', 'page-4']) })
      expect(final.phase).toBe('complete')
      expect(api.invoice().files.size).toBe(2)
      expect(new Set(final.storedFiles).size).toBe(2)
    })
  })

  it('pauses with the last error after too many failed tries, and resumes later', async () => {
    const api = new FakeBackend().fail('append', networkError, 4)
    const storage = new FakeStorage(makePages(3))
    const paused = await run({ api, storage, state: start(), maxAttempts: 4 })
    expect(paused.phase).toBe('paused')
    expect(paused.lastError).toMatchObject({ retryable: true, message: 'Failed to fetch' })
    expect(paused.ackedBatches).toEqual([0])
    const resumed = await run({ api, storage, state: start(230, PAGE_IDS, paused) })
    expect(resumed.phase).toBe('complete')
    expect(api.invoice().items).toHaveLength(230)
  })

  it('stops on an unknown item and points at its line, without retrying', async () => {
    const api = new FakeBackend()
    const items = makeItems(230)
    items[163] = { ...items[163]!, item_code: 'NOPE-1' }
    api.knownItems = new Set(makeItems(230).map((i) => i.item_code))
    const final = await run({ api, storage: new FakeStorage(makePages(3)), state: start(), items })
    expect(final.phase).toBe('failed')
    expect(final.lastError).toMatchObject({ message: 'Item NOPE-1 not found', retryable: false, lineIndex: 163, status: 417 })
    expect(api.calls.filter((c) => c.batch === 3)).toHaveLength(1)
    expect(clock.waits).toEqual([])
    expect(final.ackedBatches).toEqual([0, 1, 2])
  })

  it('pauses, rather than fails, when the session has expired', async () => {
    const api = new FakeBackend().fail('append', () => new FakeApiError(401, 'AuthenticationError', 'You are not signed in'))
    const storage = new FakeStorage(makePages(3))
    const paused = await run({ api, storage, state: start() })
    expect(paused).toMatchObject({ phase: 'paused', lastError: { message: 'You are not signed in' } })
    expect(clock.waits).toEqual([])
    const done = await run({ api, storage, state: start(230, PAGE_IDS, paused) })
    expect(done.phase).toBe('complete')
  })

  // Frappe v15 answers a Guest (a sid cleared by another tab's expired answer) with 403 PermissionError and no
  // session_expired (frappe/__init__.py `is_whitelisted`): the same answer as "not allowed" for a signed-in user.
  const GUEST_403 = () => new FakeApiError(403, 'PermissionError', 'You are not permitted to access this resource. Login to access')

  it('pauses on a 403 when nobody is signed in any more, and resumes after sign-in', async () => {
    const api = new FakeBackend().fail('append', GUEST_403)
    const storage = new FakeStorage(makePages(3))
    const asked: string[] = []
    const stillSignedIn = () => {
      asked.push('asked')
      return Promise.resolve(false)
    }
    const paused = await run({ api, storage, state: start(), stillSignedIn })
    expect(paused).toMatchObject({ phase: 'paused', ackedBatches: [0], lastError: { status: 403 } })
    expect(asked).toHaveLength(1)
    const done = await run({ api, storage, state: start(230, PAGE_IDS, paused), stillSignedIn })
    expect(done.phase).toBe('complete')
  })

  it('fails on a 403 when the user is still signed in: the server refused this user', async () => {
    const api = new FakeBackend().fail('append', () => new FakeApiError(403, 'PermissionError', 'Not permitted to write to this invoice'))
    const final = await run({ api, storage: new FakeStorage(makePages(3)), state: start(), stillSignedIn: () => Promise.resolve(true) })
    expect(final).toMatchObject({ phase: 'failed', lastError: { status: 403, message: 'Not permitted to write to this invoice' } })
  })

  it('puts a duplicate Bill No on the Bill No field with a link to the other invoice', async () => {
    const api = new FakeBackend()
    await run({ api, storage: new FakeStorage(), state: start(230, []) })
    const other = prepareSubmission({ previous: null, newClientRequestId: () => 'req-2', batchSize: 50, items: 230, pageIds: [], now: 0 })
    const final = await run({ api, storage: new FakeStorage(), state: other })
    expect(final.phase).toBe('failed')
    expect(final.lastError).toMatchObject({ field: 'bill_no', existing: 'ACC-PINV-2026-00001', status: 409 })
  })

  it('puts a date refusal on the Bill Date field', async () => {
    const api = new FakeBackend()
    const final = await run({ api, storage: new FakeStorage(), state: start(230, []), header: { ...header, bill_date: '2026-12-01' } })
    expect(final.lastError).toMatchObject({ field: 'bill_date', message: 'Bill Date cannot be after Posting Date' })
  })

  it('pauses without calling the server while told to (offline, memory critical)', async () => {
    const api = new FakeBackend()
    const final = await run({ api, storage: new FakeStorage(), state: start(), pauseReason: () => 'Offline' })
    expect(final).toMatchObject({ phase: 'paused', lastError: { message: 'Offline', retryable: true } })
    expect(api.calls).toEqual([])
  })

  it('pauses between steps as soon as it is told to, keeping what was acknowledged', async () => {
    const api = new FakeBackend()
    let reason: string | null = null
    const append = api.appendInvoiceItems.bind(api)
    api.appendInvoiceItems = async (req) => {
      const progress = await append(req)
      if (req.batch_index === 1) reason = 'Memory is nearly full'
      return progress
    }
    const paused = await run({ api, storage: new FakeStorage(makePages(3)), state: start(), pauseReason: () => reason })
    expect(paused).toMatchObject({ phase: 'paused', ackedBatches: [0, 1], lastError: { message: 'Memory is nearly full' } })
  })

  it('stops retrying a failure once offline, instead of waiting out the backoff', async () => {
    let online = true
    const api = new FakeBackend().fail('append', () => {
      online = false
      return networkError()
    })
    const paused = await run({ api, storage: new FakeStorage(), state: start(230, []), pauseReason: () => (online ? null : 'Offline') })
    expect(paused).toMatchObject({ phase: 'paused', lastError: { message: 'Offline (Failed to fetch)' } })
    expect(clock.waits).toEqual([])
  })

  it('pauses when aborted and carries on from the last acknowledged step', async () => {
    const api = new FakeBackend()
    const storage = new FakeStorage(makePages(3))
    const controller = new AbortController()
    const append = api.appendInvoiceItems.bind(api)
    api.appendInvoiceItems = async (req) => {
      const progress = await append(req)
      if (req.batch_index === 2) controller.abort()
      return progress
    }
    const paused = await run({ api, storage, state: start(), signal: controller.signal })
    expect(paused.phase).toBe('paused')
    expect(paused.ackedBatches).toEqual([0, 1, 2])
    api.calls = []
    const done = await run({ api, storage, state: start(230, PAGE_IDS, paused) })
    expect(done.phase).toBe('complete')
    expect(api.calls.map((c) => c.batch ?? c.method)).toEqual([3, 4, 'upload', 'upload', 'upload'])
  })

  it('refuses to resend lines the server stored that were edited since', async () => {
    const api = new FakeBackend().fail('append', () => new FakeApiError(417, 'ValidationError', 'Nope'))
    const storage = new FakeStorage()
    const stopped = await run({ api, storage, state: start(230, []) })
    expect(stopped.ackedBatches).toEqual([0])
    const edited = makeItems(230)
    edited[3] = { ...edited[3]!, qty: 99 }
    const final = await run({ api, storage, state: start(230, [], stopped), items: edited })
    expect(final.phase).toBe('failed')
    expect(final.lastError?.message).toMatch(/Lines 1–50 were already stored on ACC-PINV-2026-00001/)
    expect(final.lastError?.lineIndex).toBe(0)
  })

  it('skips a page deleted since Submit was pressed', async () => {
    const api = new FakeBackend()
    const pages = makePages(3)
    pages.delete('page-2')
    const final = await run({ api, storage: new FakeStorage(pages), state: start() })
    expect(final.phase).toBe('complete')
    expect(api.invoice().files.size).toBe(2)
  })
})

describe('resuming from every saved step', () => {
  // 1 start + 5 batches + 3 pages + 1 finish = 10 saves; a crash can hit any of them, before or after it lands.
  const crashes = Array.from({ length: 10 }, (_, index) => [
    { index, when: 'before' as const },
    { index, when: 'after' as const },
  ]).flat()

  it.each(crashes)('crash at save $index ($when it is written) → resume lands exactly 230 lines and 3 pages', async (crashAt) => {
    const api = new FakeBackend()
    const crashing = new FakeStorage(makePages(3))
    crashing.crashAt = crashAt
    const first = runSubmission({ header, items: makeItems(230), clock, api, storage: crashing, state: start() })
    const outcome = first.then(
      () => 'finished',
      (e: Error) => e.message,
    )
    await vi.runAllTimersAsync()
    expect(await outcome).toBe('crashed')

    // The app restarts: whatever was last written is what it knows.
    const saved = crashing.saved.at(-1) ?? null
    const storage = new FakeStorage(makePages(3))
    const final = await run({ api, storage, state: start(230, PAGE_IDS, saved) })
    expect(final.phase).toBe('complete')
    expect(api.invoices).toHaveLength(1)
    expect(api.invoice().items).toEqual(makeItems(230))
    expect(api.invoice().files.size).toBe(3)
    expect(final.uploadedPages).toEqual(PAGE_IDS)
  })
})
