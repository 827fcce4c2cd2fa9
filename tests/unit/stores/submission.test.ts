import 'fake-indexeddb/auto'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { fingerprintBatch } from '@/lib/submission/fingerprint'
import { prepareSubmission } from '@/lib/submission/prepare'
import { getDb, type PageRecord } from '@/storage/db'
import { getDraft, putDraft, emptyDraft } from '@/storage/drafts'
import { getPage, listPages, putPage } from '@/storage/pages'
import { useDraftStore } from '@/stores/draft'
import { useMemoryStore } from '@/stores/memory'
import { useObjectUrlsStore } from '@/stores/objectUrls'
import { useOutboxStore } from '@/stores/outbox'
import { usePagesStore } from '@/stores/pages'
import { useScannerStore } from '@/stores/scanner'
import { useSessionStore } from '@/stores/session'
import { useSubmissionStore } from '@/stores/submission'
import { DRAFT_HEADER, FakeApiError, FakeBackend, networkError } from '../lib/submission/fakeBackend'
import { holdFile, jpegFile } from '../support/fakeImageWorker'

let backend: FakeBackend
vi.mock('@/api/invoices', () => ({
  createPurchaseInvoice: (req: never) => backend.createPurchaseInvoice(req),
  appendInvoiceItems: (req: never) => backend.appendInvoiceItems(req),
  deletePurchaseInvoice: (name: string) => backend.deletePurchaseInvoice(name),
  findInvoiceByClientRequestId: (id: string) => backend.findInvoiceByClientRequestId(id),
  getPurchaseInvoice: (name: string) => backend.getPurchaseInvoice(name),
  findInvoiceByBillNo: async () => null,
}))
vi.mock('@/api/files', () => ({
  uploadFile: (blob: Blob, options: { docname: string; fileName: string; onProgress?: (p: { fraction: number }) => void }) =>
    backend.uploadFile(blob, { ...options, onProgress: (f) => options.onProgress?.({ fraction: f }) }),
}))
// Every item is known to the lookup; the fake backend decides what it accepts.
vi.mock('@/api/resources', () => ({
  getList: async (_doctype: string, params: { filters: Array<[string, string, string[]]> }) =>
    (params.filters[0]?.[2] ?? []).map((code) => ({ item_code: code, item_name: code, stock_uom: 'Nos', standard_rate: 1 })),
}))
vi.mock('@/api/memory', () => ({ getMemoryConfig: async () => ({ batch_size: 50 }) }))

// The real memory and pages stores; the pages store's worker client talks to the shared fake worker.
vi.mock('@/workers/imageWorkerClient', () => import('../support/fakeImageWorker'))

/** Fills the real memory account past its budget, as a critical level does, or empties it again. */
function memoryCritical(critical: boolean): void {
  const memory = useMemoryStore()
  if (critical) memory.holdBytes('test', memory.budgetBytes * 2)
  else memory.releaseBytes('test')
}

const header = DRAFT_HEADER
const typedLines = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `l${i}`, item_code: `ITEM-${i + 1}`, item_name: '', qty: '2', rate: '1,5', uom: '' }))

function page(draftId: string, order: number): PageRecord {
  return {
    id: `${draftId}-page-${order}`,
    draftId,
    order,
    kind: 'image',
    blob: new NodeBlob([`page ${order} of ${draftId}`], { type: 'image/jpeg' }),
    thumb: null,
    width: 10,
    height: 10,
    bytes: 10,
    mime: 'image/jpeg',
    fileName: `p${order}.jpg`,
    source: 'file',
    rotation: 0,
    created: order,
  }
}

/** The Scanner's draft for whoever is signed in (nobody, unless a test signs someone in). */
const currentDraftId = () => useScannerStore().draftId

async function typedDraft(lines = 120, pages = 2) {
  const draft = useDraftStore()
  await useScannerStore().open()
  const id = currentDraftId()
  draft.setHeader(header)
  draft.lines = typedLines(lines)
  for (let i = 0; i < pages; i++) await putPage(page(id, i))
  return { draft, id }
}

// happy-dom's Blob does not survive IndexedDB's structured clone; Node's does, as a browser's would.
// (Imported by a computed name because the app's tsconfig has no Node types.)
let NodeBlob: typeof Blob
beforeAll(async () => {
  const buffer = 'node:buffer'
  NodeBlob = ((await import(/* @vite-ignore */ buffer)) as { Blob: typeof Blob }).Blob
})

beforeEach(async () => {
  const db = await getDb()
  await db.clear('drafts')
  await db.clear('pages')
  backend = new FakeBackend()
  localStorage.clear()
  setActivePinia(createPinia())
})
afterEach(async () => {
  useSubmissionStore().stopAutoResume()
  // A sent draft's Scanner moves on to a new one, whose debounced save is still due when the test ends: written
  // now, it cannot land after the next test has cleared the database, as a stray draft in its Outbox (seen
  // under load).
  await useDraftStore().flush()
  vi.restoreAllMocks()
})

describe('submission store', () => {
  it('sends a typed draft, then deletes it and its pages, frees their URLs and shows the invoice', async () => {
    const { id } = await typedDraft(120, 2)
    const urls = useObjectUrlsStore()
    urls.acquire(new Blob(['thumb']), 'scanner-thumbnails')
    const store = useSubmissionStore()
    const texts: string[] = []
    store.$subscribe(() => store.progress && texts.push(store.progress.text), { flush: 'sync' })

    expect(await store.submit()).toBe(true)

    expect(backend.invoice().items).toHaveLength(120)
    expect(backend.invoice().items[0]).toEqual({ item_code: 'ITEM-1', qty: 2, rate: 1.5, uom: 'Nos' })
    expect(backend.invoice().files.size).toBe(2)
    expect(store.result).toMatchObject({ invoice: 'ACC-PINV-2026-00001', grandTotal: 360, currency: 'EUR', lines: 120, pages: 2 })
    expect(await getDraft(id)).toBeUndefined()
    expect(await listPages(id)).toEqual([])
    expect(currentDraftId()).not.toBe(id)
    expect(useDraftStore().header.bill_no).toBe('')
    expect(usePagesStore().pages).toEqual([])
    expect(urls.count).toBe(0)
    expect(texts).toContain('Lines 51–100 of 120')
    expect(texts).toContain('Page 2 of 2, 60 %')
  })

  it('refuses to send while memory is critical, saying why', async () => {
    await typedDraft(3, 0)
    memoryCritical(true)
    const store = useSubmissionStore()
    expect(await store.submit()).toBe(false)
    expect(store.refusal).toMatch(/^Not sent: Memory is nearly full/)
    expect(store.refusal).toBe(`Not sent: ${useMemoryStore().refusalReason}`)
    expect(backend.calls).toEqual([])
  })

  it('refuses an incomplete draft and shows the problems on their fields', async () => {
    const { draft } = await typedDraft(2, 0)
    draft.setHeader({ bill_no: '' })
    const store = useSubmissionStore()
    expect(await store.submit()).toBe(false)
    expect(draft.showProblems).toBe(true)
    expect(draft.validation.fields.bill_no).toBe('Enter the Bill No from the invoice')
    expect(backend.calls).toEqual([])
  })

  it('keeps a refused submission with its error, and sends it once fixed with the same request id', async () => {
    backend.knownItems = new Set(
      typedLines(60)
        .map((l) => l.item_code)
        .filter((c) => c !== 'ITEM-55'),
    )
    const { id } = await typedDraft(60, 1)
    const store = useSubmissionStore()
    await store.submit()
    const stopped = (await getDraft(id))?.submission
    expect(stopped).toMatchObject({ phase: 'failed', lastError: { message: 'Item ITEM-55 not found', lineIndex: 54 } })
    expect(store.current?.lastError?.lineIndex).toBe(54)

    backend.knownItems.add('ITEM-55')
    await store.submit()
    expect(backend.invoice().items).toHaveLength(60)
    expect(currentDraftId()).not.toBe(id)
  })

  it('resumes a submission saved half-way when the app starts, without repeating acknowledged batches', async () => {
    const id = currentDraftId()
    const record = { ...emptyDraft(id), header, lines: typedLines(120) }
    await putPage(page(id, 0))
    // The previous session got batch 0 acknowledged, then the tab was closed.
    const firstBatch = typedLines(50).map((l) => ({ item_code: l.item_code, qty: 2, rate: 1.5 }))
    let state = prepareSubmission({
      previous: null,
      newClientRequestId: () => 'req-resume',
      batchSize: 50,
      items: 120,
      pageIds: [`${id}-page-0`],
      now: 1,
    })
    const progress = await backend.createPurchaseInvoice({
      client_request_id: 'req-resume',
      ...header,
      expected_items: 120,
      items: firstBatch,
    })
    state = {
      ...state,
      invoice: progress.name,
      progress,
      ackedBatches: [0],
      batchFingerprints: { 0: fingerprintBatch(firstBatch) },
      phase: 'sending',
    }
    await putDraft({ ...record, submission: state })
    backend.calls = []

    const store = useSubmissionStore()
    store.startAutoResume()
    await vi.waitUntil(() => store.result !== null)

    expect(backend.calls.map((c) => c.batch ?? c.method)).toEqual([1, 2, 'upload'])
    expect(backend.invoice().items).toHaveLength(120)
    expect(await getPage(`${id}-page-0`)).toBeUndefined()
  })

  it('pauses while offline and resumes on the online event', async () => {
    const online = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(true)
    const { id } = await typedDraft(10, 0)
    // The browser fires 'offline' as navigator.onLine turns false.
    backend.fail('create', () => {
      online.mockReturnValue(false)
      window.dispatchEvent(new Event('offline'))
      return networkError()
    })
    const store = useSubmissionStore()
    store.startAutoResume()
    await store.submit()
    expect((await getDraft(id))?.submission?.phase).toBe('paused')
    expect(backend.invoices).toHaveLength(0)

    online.mockReturnValue(true)
    window.dispatchEvent(new Event('online'))
    await vi.waitUntil(() => store.result !== null)
    expect(backend.invoice().items).toHaveLength(10)
  })

  it('lists drafts in the Outbox with their state and last error, and discards one with its pages', async () => {
    const { id } = await typedDraft(3, 1)
    await useDraftStore().flush()
    const other = crypto.randomUUID()
    await putDraft({ ...emptyDraft(other), header: { ...header, bill_no: 'B-2' }, lines: typedLines(1), submission: null })
    await putDraft({ ...emptyDraft('blank'), submission: null })
    const outbox = useOutboxStore()
    await outbox.refresh()
    expect(outbox.entries.map((e) => [e.billNo, e.state, e.current]).sort()).toEqual([
      ['B-1', 'draft', true],
      ['B-2', 'draft', false],
    ])

    await outbox.discard(id)
    expect(await getDraft(id)).toBeUndefined()
    expect(await listPages(id)).toEqual([])
    expect(currentDraftId()).not.toBe(id)
    expect(outbox.entries.map((e) => e.billNo)).toEqual(['B-2'])
  })

  it('discards a partly sent invoice on the server first; when the server cannot be reached it keeps the draft whole', async () => {
    // Stopped on line 55 of 60: the first batch of 50 is on the server, a Receiving invoice.
    backend.knownItems = new Set(
      typedLines(60)
        .map((l) => l.item_code)
        .filter((c) => c !== 'ITEM-55'),
    )
    const { id } = await typedDraft(60, 1)
    const store = useSubmissionStore()
    await store.submit()
    expect(backend.invoice().items).toHaveLength(50)

    backend.fail('delete', networkError)
    await expect(store.discard(id)).rejects.toThrow(
      'Not discarded: ACC-PINV-2026-00001 holds part of this invoice on the server and could not be removed. Failed to fetch',
    )
    expect(await getDraft(id)).toBeDefined()
    expect(await listPages(id)).toHaveLength(1)
    expect(backend.invoices).toHaveLength(1)

    expect(await store.discard(id)).toEqual({ removedFromServer: 'ACC-PINV-2026-00001', keptOnServer: null })
    expect(backend.invoices).toHaveLength(0)
    expect(await getDraft(id)).toBeUndefined()
    expect(await listPages(id)).toEqual([])
  })

  it('discards a never-sent draft without the server, and leaves an invoice that has all its lines on it', async () => {
    const unsent = (await typedDraft(3, 0)).id
    const store = useSubmissionStore()
    expect(await store.discard(unsent)).toEqual({ removedFromServer: null, keptOnServer: null })
    expect(backend.calls).toEqual([])

    // Every line arrived, then the page upload was refused: the invoice is Complete on the server.
    const { id } = await typedDraft(3, 1)
    backend.fail('upload', () => new FakeApiError(417, 'ValidationError', 'Only JPEG, PNG and PDF files can be uploaded'))
    await store.submit()
    expect((await getDraft(id))?.submission).toMatchObject({ phase: 'failed', progress: { scan_status: 'Complete' } })
    expect(await store.discard(id)).toEqual({ removedFromServer: null, keptOnServer: 'ACC-PINV-2026-00001' })
    expect(backend.calls.map((c) => c.method)).not.toContain('delete')
    expect(backend.invoice().items).toHaveLength(3)
    expect(await getDraft(id)).toBeUndefined()
  })

  it('finds and deletes an invoice whose create answer was lost, by its request id', async () => {
    const online = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(true)
    const { id } = await typedDraft(60, 0)
    // The server makes the invoice with the first 50 lines, then the answer is lost and the device goes offline: no name is recorded.
    backend.fail('create', () => (online.mockReturnValue(false), window.dispatchEvent(new Event('offline')), networkError()), 1, 'after')
    const store = useSubmissionStore()
    await store.submit()
    expect((await getDraft(id))?.submission).toMatchObject({ phase: 'paused', invoice: null })
    expect(backend.invoices).toHaveLength(1)

    expect(await store.discard(id)).toEqual({ removedFromServer: 'ACC-PINV-2026-00001', keptOnServer: null })
    expect(backend.invoices).toHaveLength(0)
    expect(await getDraft(id)).toBeUndefined()
  })

  it('sends nothing for a draft while it is being discarded, even if Retry is pressed meanwhile', async () => {
    const { id } = await typedDraft(3, 0)
    await useDraftStore().flush()
    const store = useSubmissionStore()
    await Promise.all([store.discard(id), store.retry(id)])
    expect(backend.calls).toEqual([])
    expect(await getDraft(id)).toBeUndefined()
  })

  it('keeps the draft when the delete is refused for another reason than the invoice being complete or gone', async () => {
    backend.knownItems = new Set(
      typedLines(60)
        .map((l) => l.item_code)
        .filter((c) => c !== 'ITEM-55'),
    )
    const { id } = await typedDraft(60, 0)
    const store = useSubmissionStore()
    await store.submit()
    backend.fail('delete', () => new FakeApiError(417, 'LinkExistsError', 'Cannot delete: linked with Payment Entry PE-1'))
    await expect(store.discard(id)).rejects.toThrow(
      'Not discarded: ACC-PINV-2026-00001 holds part of this invoice on the server and could not be removed. Cannot delete: linked with Payment Entry PE-1',
    )
    // A 404 from something that is not the backend (a proxy page) is not "gone" either.
    backend.fail('delete', () => new FakeApiError(404, 'InvalidResponse', 'The server’s answer was not understood.'))
    await expect(store.discard(id)).rejects.toThrow(/Not discarded/)
    expect(await getDraft(id)).toBeDefined()
    expect(backend.invoices).toHaveLength(1)
  })

  it('neither lists nor resumes another clerk’s drafts on a shared device', async () => {
    useSessionStore().user = { name: 'clerk@example.com', full_name: 'Clerk', roles: [] }
    const theirs = prepareSubmission({
      previous: null,
      newClientRequestId: () => 'req-theirs',
      batchSize: 50,
      items: 1,
      pageIds: [],
      now: 1,
    })
    await putDraft({ ...emptyDraft('theirs', 1, 'other@example.com'), header, lines: typedLines(1), submission: theirs })
    const { draft } = await typedDraft(1, 0)
    await draft.flush()
    const store = useSubmissionStore()
    const outbox = useOutboxStore()
    await outbox.refresh()
    expect(outbox.entries.map((e) => e.id)).toEqual([currentDraftId()])
    expect((await getDraft(currentDraftId()))?.owner).toBe('clerk@example.com')
    await store.resumeAll()
    // Submissions run one after another, so once this one is through, a wrongly resumed one would have run.
    await store.submit()
    expect(backend.invoices.map((i) => i.clientRequestId)).not.toContain('req-theirs')
    expect(backend.invoices).toHaveLength(1)
    expect((await getDraft('theirs'))?.submission?.phase).toBe('sending')
  })

  it('waits for pages still being processed, and does not send a page deleted a moment ago', async () => {
    const { id } = await typedDraft(2, 2)
    const pages = usePagesStore()
    await pages.load(id)
    const release = holdFile('c.jpg')
    pages.addFiles([jpegFile('c.jpg')], 'file')
    const store = useSubmissionStore()
    expect(await store.submit()).toBe(false)
    expect(store.refusal).toBe('Wait until every page has been processed, then submit again.')
    expect(backend.calls).toEqual([])

    release()
    await pages.whenIdle()
    expect(pages.pages.map((page) => page.fileName)).toEqual(['p0.jpg', 'p1.jpg', 'c.jpg'])
    // The strip hid page 0 with Undo pending; only committing the removal deletes it from IndexedDB.
    await pages.remove(`${id}-page-0`)
    expect(await getPage(`${id}-page-0`)).toBeDefined()
    expect(await store.submit()).toBe(true)
    expect(await getPage(`${id}-page-0`)).toBeUndefined()
    const sent = [...backend.invoice().files.values()].map((f) => f.content_hash)
    expect(sent).toHaveLength(2)
    expect(sent).toContain(`page 1 of ${id}`)
    expect(sent).not.toContain(`page 0 of ${id}`)
  })

  it('does not send with fewer pages than the clerk added without saying so', async () => {
    await typedDraft(2, 1)
    const pages = usePagesStore()
    pages.failures = ['a.jpg', 'b.jpg'].map((fileName) => ({ id: fileName, fileName, message: 'not kept', unkept: true }))
    const store = useSubmissionStore()
    expect(await store.submit()).toBe(false)
    expect(store.refusal).toBe(
      '2 photos you added could not be kept on this device, so this invoice would be sent without them. Add them again, or dismiss their messages to send without them.',
    )
    expect(backend.calls).toEqual([])
    // Dismissed: the clerk knows, and the invoice goes with the page that was kept.
    for (const failure of [...pages.failures]) pages.dismissFailure(failure.id)
    expect(await store.submit()).toBe(true)
  })

  it('pauses when memory turns critical while sending, and carries on once it recovers', async () => {
    const { id } = await typedDraft(120, 1)
    const append = backend.appendInvoiceItems.bind(backend)
    backend.appendInvoiceItems = async (req) => {
      const progress = await append(req)
      if (req.batch_index === 1) memoryCritical(true)
      return progress
    }
    const store = useSubmissionStore()
    store.startAutoResume()
    await store.submit()
    expect((await getDraft(id))?.submission).toMatchObject({
      phase: 'paused',
      ackedBatches: [0, 1],
      lastError: { message: `Paused: ${useMemoryStore().refusalReason} Sending resumes when memory recovers.` },
    })

    memoryCritical(false)
    await vi.waitUntil(() => store.result !== null)
    expect(backend.invoice().items).toHaveLength(120)
  })
})
