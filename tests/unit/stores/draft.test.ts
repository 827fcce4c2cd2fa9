import 'fake-indexeddb/auto'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { parsePastedLines } from '@/lib/pasteLines'
import { deleteDraft, getDraft } from '@/storage/drafts'
import { LOOKUP_DEBOUNCE_MS, SAVE_DEBOUNCE_MS, useDraftStore } from '@/stores/draft'

const known = new Map([
  ['BOLT-M8', { item_code: 'BOLT-M8', item_name: 'Bolt M8', stock_uom: 'Nos', standard_rate: 0.25 }],
  ['NUT-M8', { item_code: 'NUT-M8', item_name: 'Nut M8', stock_uom: 'Box', standard_rate: 3 }],
])
const getList = vi.fn(async (_doctype: string, params: { filters?: Array<[string, string, string[]]> }) => {
  const codes = params.filters?.[0]?.[2] ?? []
  return codes.flatMap((code) => known.get(code) ?? [])
})
const findInvoiceByBillNo = vi.fn(async (supplier: string, billNo: string) =>
  supplier === 'SUP-1' && billNo === 'B-7' ? { name: 'ACC-PINV-2026-00007', supplier, bill_no: billNo } : null,
)
vi.mock('@/api/resources', () => ({ getList: (...args: unknown[]) => getList(...(args as [string, never])) }))
vi.mock('@/api/invoices', () => ({ findInvoiceByBillNo: (...args: unknown[]) => findInvoiceByBillNo(...(args as [string, string])) }))

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  setActivePinia(createPinia())
})
afterEach(() => {
  vi.useRealTimers()
  getList.mockClear()
  findInvoiceByBillNo.mockClear()
})

async function loaded(id: string = crypto.randomUUID()) {
  const store = useDraftStore()
  await store.load(id)
  await vi.runAllTimersAsync()
  return store
}

describe('draft store', () => {
  it('saves everything as typed to IndexedDB after a short pause, and a reload finds it', async () => {
    const store = await loaded('draft-typed')
    store.setHeader({ bill_no: 'B-1', bill_date: '2026-11-02' })
    const id = store.addLine()
    store.updateLine(id, { item_code: 'BOLT-M8', qty: '1,5', rate: '2' })
    expect((await getDraft('draft-typed'))?.lines ?? []).toEqual([])
    await vi.advanceTimersByTimeAsync(SAVE_DEBOUNCE_MS)
    // No flush(): the pause alone must have saved it. Each read is an IndexedDB round trip the write can land in.
    let saved = 0
    for (let i = 0; i < 20 && saved === 0; i++) saved = (await getDraft('draft-typed'))?.lines.length ?? 0
    expect(saved).toBe(1)

    setActivePinia(createPinia())
    const reloaded = await loaded('draft-typed')
    expect(reloaded.header).toMatchObject({ bill_no: 'B-1', bill_date: '2026-11-02' })
    expect(reloaded.lines).toEqual([
      expect.objectContaining({ item_code: 'BOLT-M8', qty: '1,5', rate: '2', item_name: 'Bolt M8', uom: 'Nos' }),
    ])
  })

  it('does not write a draft back just because it was loaded or forgotten', async () => {
    const store = await loaded('draft-opened')
    store.reset()
    await vi.runAllTimersAsync()
    expect(await getDraft('draft-opened')).toBeUndefined()
  })

  it('posts today by default', async () => {
    const store = await loaded()
    expect(store.header.posting_date).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(new Date(`${store.header.posting_date}T12:00:00`).toDateString()).toBe(new Date().toDateString())
  })

  it('takes the supplier’s default currency unless the clerk chose another', async () => {
    const store = await loaded()
    store.chooseSupplier({ name: 'SUP-1', supplier_name: 'Acme', default_currency: 'EUR' })
    expect(store.header).toMatchObject({ supplier: 'SUP-1', supplier_name: 'Acme', currency: 'EUR' })
    store.chooseSupplier({ name: 'SUP-2', supplier_name: 'Brit', default_currency: 'GBP' })
    expect(store.header.currency).toBe('GBP')
    store.setHeader({ currency: 'USD' })
    store.chooseSupplier({ name: 'SUP-1', supplier_name: 'Acme', default_currency: 'EUR' })
    expect(store.header.currency).toBe('USD')
  })

  it('fills the item’s name, UOM and standard rate when an item is chosen', async () => {
    const store = await loaded()
    const id = store.addLine()
    store.chooseItem(id, known.get('NUT-M8')!)
    expect(store.lines[0]).toMatchObject({ item_code: 'NUT-M8', item_name: 'Nut M8', uom: 'Box', rate: '3' })
  })

  it('adds pasted rows as lines and flags bad numbers and unknown items on their rows', async () => {
    const store = await loaded()
    store.addLine()
    store.addPastedLines(parsePastedLines('BOLT-M8\t10\t0,5\nGHOST-1\t2\t1\nNUT-M8\tten\t3').lines)
    await vi.runAllTimersAsync()
    expect(store.lines.map((l) => [l.item_code, l.qty, l.rate])).toEqual([
      ['BOLT-M8', '10', '0.5'],
      ['GHOST-1', '2', '1'],
      ['NUT-M8', 'ten', '3'],
    ])
    const [bolt, ghost, nut] = store.lines.map((l) => l.id)
    expect(store.validation.lines[bolt!]).toBeUndefined()
    expect(store.validation.lines[ghost!]).toEqual({ item_code: 'Unknown item GHOST-1' })
    expect(store.validation.lines[nut!]).toEqual({ qty: 'Qty "ten" is not a number' })
    expect(store.lines[2]?.pasteProblem).toBe('Row 3: Qty "ten" is not a number')
    expect(getList).toHaveBeenCalledTimes(1)
  })

  it('warns about a Bill No the supplier already used, after typing pauses', async () => {
    const store = await loaded()
    store.chooseSupplier({ name: 'SUP-1', supplier_name: 'Acme', default_currency: 'EUR' })
    store.setHeader({ bill_no: 'B' })
    store.setHeader({ bill_no: 'B-' })
    store.setHeader({ bill_no: 'B-7' })
    await vi.advanceTimersByTimeAsync(LOOKUP_DEBOUNCE_MS - 50)
    expect(findInvoiceByBillNo).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(100)
    expect(findInvoiceByBillNo).toHaveBeenCalledTimes(1)
    expect(store.duplicate?.name).toBe('ACC-PINV-2026-00007')
    store.setHeader({ bill_no: 'B-8' })
    await vi.runAllTimersAsync()
    expect(store.duplicate).toBeNull()
  })

  it('removes and inserts lines where asked', async () => {
    const store = await loaded()
    const a = store.addLine()
    const c = store.addLine()
    const b = store.addLine(a)
    expect(store.lines.map((l) => l.id)).toEqual([a, b, c])
    store.removeLine(a)
    expect(store.lines.map((l) => l.id)).toEqual([b, c])
  })

  it('writes pending keystrokes at once when the tab is hidden', async () => {
    const store = await loaded('draft-hidden')
    store.setHeader({ bill_no: 'B-hidden' })
    await nextTick()
    vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden')
    document.dispatchEvent(new Event('visibilitychange'))
    // The debounce timer is fake and never advanced here: only the hidden tab can have saved it.
    // (Not vi.waitFor: it advances fake timers.) Each read is an IndexedDB round trip the write can land in.
    let saved: string | undefined
    for (let i = 0; i < 20 && saved !== 'B-hidden'; i++) saved = (await getDraft('draft-hidden'))?.header.bill_no
    expect(saved).toBe('B-hidden')
    vi.restoreAllMocks()
  })

  it('does not bring back a draft deleted (sent) while a save of its lines was still pending', async () => {
    const store = await loaded('draft-sent')
    store.setHeader({ bill_no: 'B-sent' })
    store.addLine()
    await store.flush()
    expect((await getDraft('draft-sent'))?.lines).toHaveLength(1)
    // A keystroke's save is pending when the submission finishes and deletes the draft.
    store.addLine()
    await nextTick()
    await deleteDraft('draft-sent')
    await vi.advanceTimersByTimeAsync(SAVE_DEBOUNCE_MS)
    await store.flush()
    expect(await getDraft('draft-sent')).toBeUndefined()
  })
})
