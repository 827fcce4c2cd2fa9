import 'fake-indexeddb/auto'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { PurchaseInvoiceSummary } from '@/api/invoices'
import InvoicesPage from '@/pages/InvoicesPage.vue'
import { getDb } from '@/storage/db'
import { emptyDraft, getDraft, putDraft } from '@/storage/drafts'
import { useSessionStore } from '@/stores/session'
import { useSubmissionStore } from '@/stores/submission'

const invoices: PurchaseInvoiceSummary[] = Array.from({ length: 25 }, (_, i) => ({
  name: `ACC-PINV-2026-${String(i + 1).padStart(5, '0')}`,
  supplier: i % 2 ? 'Hornbach' : 'IKEA Deutschland',
  supplier_name: i % 2 ? 'Hornbach' : 'IKEA Deutschland',
  bill_no: `B-${i + 1}`,
  bill_date: '2026-11-01',
  posting_date: '2026-11-02',
  currency: 'EUR',
  docstatus: 0,
  status: 'Draft',
  scan_status: 'Complete',
  grand_total: i * 10,
  items_received: 3,
  expected_items: 3,
  modified: `2026-11-02 10:${String(i).padStart(2, '0')}:00`,
}))
const calls: Array<Array<[string, string, string]>> = []
const listPurchaseInvoices = vi.fn(
  async (params: { filters?: Array<[string, string, string]>; limit_start?: number; limit_page_length?: number }) => {
    calls.push(params.filters ?? [])
    const [field, , like] = params.filters?.find(([f]) => f !== 'owner') ?? []
    const text = like?.replaceAll('%', '').toLowerCase()
    const rows = [...invoices]
      .sort((a, b) => b.modified.localeCompare(a.modified))
      .filter(
        (row) =>
          !field ||
          String(row[field as keyof PurchaseInvoiceSummary])
            .toLowerCase()
            .includes(text ?? ''),
      )
    const start = params.limit_start ?? 0
    return rows.slice(start, start + (params.limit_page_length ?? 20))
  },
)
const createPurchaseInvoice = vi.fn(async () => {
  throw Object.assign(new Error('Supplier Nobody does not exist'), {
    httpStatus: 417,
    retryable: false,
    messages: ['Supplier Nobody does not exist'],
  })
})
vi.mock('@/api/invoices', () => ({
  listPurchaseInvoices: (params: never) => listPurchaseInvoices(params),
  createPurchaseInvoice: () => createPurchaseInvoice(),
  appendInvoiceItems: vi.fn(),
  findInvoiceByBillNo: async () => null,
}))
vi.mock('@/api/files', () => ({ uploadFile: vi.fn() }))
vi.mock('@/api/resources', () => ({ getList: async () => [] }))
vi.mock('@/api/memory', () => ({ getMemoryConfig: async () => ({ batch_size: 50 }) }))
// The real memory and pages stores, with the image worker's stand-in (the worker itself needs a browser).
vi.mock('@/workers/imageWorkerClient', () => import('../support/fakeImageWorker'))

const header = {
  supplier: 'Nobody',
  supplier_name: 'Nobody',
  bill_no: 'N-1',
  bill_date: '2026-11-01',
  posting_date: '2026-11-02',
  currency: 'EUR',
}
const line = { id: 'l1', item_code: 'PAPER-A4', item_name: '', qty: '1', rate: '2', uom: '' }

async function mountPage() {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:any(.*)*', component: { template: '<div />' } }] })
  const wrapper = mount(InvoicesPage, { global: { plugins: [router] } })
  await flushPromises()
  return wrapper
}
const button = (wrapper: Awaited<ReturnType<typeof mountPage>>, text: string) => {
  const found = wrapper.findAll('button').find((b) => b.text() === text)
  if (!found) throw new Error(`no button "${text}"`)
  return found
}

beforeEach(async () => {
  const db = await getDb()
  await db.clear('drafts')
  await db.clear('pages')
  localStorage.clear()
  setActivePinia(createPinia())
  listPurchaseInvoices.mockClear()
  calls.length = 0
})
afterEach(() => {
  useSubmissionStore().stopAutoResume()
  vi.useRealTimers()
})

describe('Outbox', () => {
  it('lists local drafts with their state and last error, retries and discards after confirmation', async () => {
    await putDraft({ ...emptyDraft('d1'), header, lines: [line], submission: null })
    const wrapper = await mountPage()
    const entry = await vi.waitFor(() => wrapper.get('[aria-label="Nobody · N-1"]'))
    expect(entry.text()).toContain('Draft, not sent')
    expect(entry.text()).toContain('1 line')

    // A stopped submission shows the server's message and can be retried.
    await putDraft({ ...emptyDraft('d2'), header: { ...header, bill_no: 'N-2' }, lines: [line], submission: null })
    await useSubmissionStore().retry('d2')
    // The Outbox follows the submission as it goes: sending, then stopped.
    await vi.waitFor(() => expect(wrapper.get('[aria-label="Nobody · N-2"]').text()).toContain('Stopped by the server'))
    const stopped = wrapper.get('[aria-label="Nobody · N-2"]')
    expect(stopped.text()).toContain('Supplier Nobody does not exist')
    createPurchaseInvoice.mockClear()
    await button(wrapper, 'Retry').trigger('click')
    await vi.waitFor(() => expect(createPurchaseInvoice).toHaveBeenCalledTimes(1))

    await entry
      .findAll('button')
      .find((b) => b.text() === 'Discard')!
      .trigger('click')
    expect(wrapper.text()).toContain('Discard this invoice with its lines and pages?')
    await button(wrapper, 'Keep it').trigger('click')
    expect(await getDraft('d1')).toBeDefined()
    await entry
      .findAll('button')
      .find((b) => b.text() === 'Discard')!
      .trigger('click')
    await button(wrapper, 'Yes, discard').trigger('click')
    await vi.waitFor(() => expect(wrapper.find('[aria-label="Nobody · N-1"]').exists()).toBe(false))
    expect(await getDraft('d1')).toBeUndefined()
    expect(wrapper.get('#outbox-title').element.parentElement!.textContent).toContain('Discarded.')
  })

  it('says so when nothing is waiting', async () => {
    const wrapper = await mountPage()
    await vi.waitFor(() => expect(wrapper.text()).toContain('Nothing waiting'))
  })
})

describe('History', () => {
  it('shows recent invoices newest first, 20 a page, with links', async () => {
    const wrapper = await mountPage()
    const rows = wrapper.findAll('tbody tr')
    expect(rows).toHaveLength(20)
    expect(rows[0]!.text()).toContain('ACC-PINV-2026-00025')
    expect(rows[0]!.get('a').attributes('href')).toBe('/invoices/ACC-PINV-2026-00025')
    expect(button(wrapper, 'Previous').attributes('disabled')).toBeDefined()
    await button(wrapper, 'Next').trigger('click')
    await flushPromises()
    expect(wrapper.findAll('tbody tr').map((r) => r.find('a').text())).toEqual(
      ['00005', '00004', '00003', '00002', '00001'].map((n) => `ACC-PINV-2026-${n}`),
    )
    expect(button(wrapper, 'Next').attributes('disabled')).toBeDefined()
  })

  it('searches by supplier or by Bill No once typing pauses', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const wrapper = await mountPage()
    const search = wrapper.get('#history-search')
    await search.setValue('B-12')
    await vi.advanceTimersByTimeAsync(300)
    await flushPromises()
    expect(wrapper.findAll('tbody tr').map((r) => r.findAll('td')[2]!.text())).toEqual(['B-12'])
    await search.setValue('ikea')
    await vi.advanceTimersByTimeAsync(300)
    await flushPromises()
    const suppliers = wrapper.findAll('tbody tr').map((r) => r.findAll('td')[1]!.text())
    expect(suppliers).toHaveLength(13)
    expect(new Set(suppliers)).toEqual(new Set(['IKEA Deutschland']))
    await search.setValue('nothing like it')
    await vi.advanceTimersByTimeAsync(300)
    await flushPromises()
    expect(wrapper.text()).toContain('No invoice matches this search.')
  })

  it('lists the signed-in clerk’s own invoices unless told otherwise', async () => {
    useSessionStore().user = { name: 'clerk@example.com', full_name: 'Clerk', roles: [] }
    const wrapper = await mountPage()
    expect(calls.at(-1)).toEqual([['owner', '=', 'clerk@example.com']])
    const onlyMine = wrapper
      .findAll('label')
      .find((l) => l.text() === 'Only my invoices')!
      .get('input')
    expect((onlyMine.element as HTMLInputElement).checked).toBe(true)
    await onlyMine.setValue(false)
    await flushPromises()
    expect(calls.at(-1)).toEqual([])
  })
})
