import 'fake-indexeddb/auto'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import InvoiceEntry from '@/components/draft/InvoiceEntry.vue'
import { getDb } from '@/storage/db'
import { useDraftStore } from '@/stores/draft'
import { useScannerStore } from '@/stores/scanner'
import { useSubmissionStore } from '@/stores/submission'
import { deferred } from '../../api/fakeHttp'

const ITEMS = new Map([
  ['PAPER-A4', { name: 'PAPER-A4', item_code: 'PAPER-A4', item_name: 'Copy paper A4', stock_uom: 'Box', standard_rate: 4.99 }],
  ['PEN-BLUE', { name: 'PEN-BLUE', item_code: 'PEN-BLUE', item_name: 'Ballpoint pen, blue', stock_uom: 'Nos', standard_rate: 0.89 }],
])
const createPurchaseInvoice = vi.fn()
vi.mock('@/api/resources', () => ({
  getList: async (_doctype: string, params: { filters?: Array<[string, string, string | string[]]> }) => {
    const [, op, value] = params.filters?.[0] ?? []
    if (op === 'in') return (value as string[]).flatMap((code) => ITEMS.get(code) ?? [])
    return [...ITEMS.values()].filter((i) => i.item_code.includes(String(value).replaceAll('%', '')))
  },
  searchItems: async () => [],
  searchSuppliers: async () => [{ name: 'Hornbach', supplier_name: 'Hornbach', default_currency: 'EUR' }],
}))
vi.mock('@/api/invoices', () => ({
  findInvoiceByBillNo: async (_s: string, bill: string) => (bill === 'TAKEN' ? { name: 'ACC-PINV-2026-00009' } : null),
  createPurchaseInvoice: (...args: unknown[]) => createPurchaseInvoice(...args),
  appendInvoiceItems: vi.fn(),
}))
vi.mock('@/api/files', () => ({ uploadFile: vi.fn() }))
vi.mock('@/api/memory', () => ({ getMemoryConfig: async () => ({ batch_size: 50 }) }))
// The real memory and pages stores, with the image worker's stand-in (the worker itself needs a browser).
vi.mock('@/workers/imageWorkerClient', () => import('../../support/fakeImageWorker'))

/** Mounts the entry; `opened: false` returns before the saved draft has been read. */
async function mountEntry({ opened = true } = {}) {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:any(.*)*', component: { template: '<div />' } }] })
  const wrapper = mount(InvoiceEntry, { global: { plugins: [router] }, attachTo: document.body })
  if (opened) await useScannerStore().open()
  await flushPromises()
  return wrapper
}

/** The control a visible label names, as a user finds it. */
function byLabel(wrapper: Awaited<ReturnType<typeof mountEntry>>, text: string) {
  const label = wrapper.findAll('label').find((l) => l.text() === text)
  if (!label) throw new Error(`no label "${text}"`)
  return wrapper.get(`#${label.attributes('for')}`)
}
const byAria = (wrapper: Awaited<ReturnType<typeof mountEntry>>, name: string) => wrapper.get(`[aria-label="${name}"]`)

beforeEach(async () => {
  const db = await getDb()
  await db.clear('drafts')
  localStorage.clear()
  setActivePinia(createPinia())
  createPurchaseInvoice.mockReset()
})
afterEach(() => {
  useSubmissionStore().stopAutoResume()
  document.body.innerHTML = ''
})

describe('InvoiceEntry', () => {
  it('waits for the saved draft before taking input, so nothing typed is replaced by it', async () => {
    const draft = useDraftStore()
    const read = deferred<void>()
    const load = draft.load
    vi.spyOn(draft, 'load').mockImplementation(async (id) => {
      await read.promise
      await load(id)
    })
    const wrapper = await mountEntry({ opened: false })
    const addLine = () => wrapper.findAll('button').find((b) => b.text() === 'Add line')!
    expect(addLine().attributes('disabled')).toBeDefined()
    expect(wrapper.get('fieldset.invoice-header').attributes('disabled')).toBeDefined()
    read.resolve()
    await vi.waitFor(() => expect(addLine().attributes('disabled')).toBeUndefined())
    expect(wrapper.get('fieldset.invoice-header').attributes('disabled')).toBeUndefined()
  })

  it('heads its sections at one level, as the Scanner’s Pages is', async () => {
    const wrapper = await mountEntry()
    expect(wrapper.findAll('h2').map((heading) => heading.text())).toEqual(['Invoice', 'Lines'])
    expect(wrapper.findAll('h1, h3, h4').length).toBe(0)
  })

  it('labels the header fields with exactly the words the clerk knows, posting today', async () => {
    const wrapper = await mountEntry()
    for (const label of ['Supplier', 'Bill No', 'Bill Date', 'Posting Date', 'Currency'])
      expect(byLabel(wrapper, label).element.tagName).toBe('INPUT')
    expect(byLabel(wrapper, 'Supplier').attributes('role')).toBe('combobox')
    expect((byLabel(wrapper, 'Posting Date').element as HTMLInputElement).value).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(wrapper.findAll('th').map((th) => th.text())).toEqual(['Item', 'Qty', 'Rate', 'UOM', 'Amount', 'Remove'])
    wrapper.unmount()
  })

  it('adds and removes lines, computes amounts and keeps the totals up to date', async () => {
    const wrapper = await mountEntry()
    const addLine = wrapper.findAll('button').find((b) => b.text() === 'Add line')!
    await addLine.trigger('click')
    await addLine.trigger('click')
    await byAria(wrapper, 'Qty, line 1').setValue('2')
    await byAria(wrapper, 'Rate, line 1').setValue('1,25')
    await byAria(wrapper, 'Qty, line 2').setValue('3')
    await byAria(wrapper, 'Rate, line 2').setValue('0.5')
    expect(byAria(wrapper, 'Amount, line 1').text()).toBe('2.50')
    expect(wrapper.get('[data-testid="total-items"]').text()).toBe('2')
    expect(wrapper.get('[data-testid="total-quantity"]').text()).toBe('5')
    expect(wrapper.get('[data-testid="grand-total"]').text()).toBe('4.00')
    await byAria(wrapper, 'Remove line 1').trigger('click')
    expect(wrapper.get('[data-testid="grand-total"]').text()).toBe('1.50')
    expect(wrapper.findAll('[aria-label^="Qty, line"]')).toHaveLength(1)
    wrapper.unmount()
  })

  it('moves on with Enter and adds a row after the last cell of the last line', async () => {
    const wrapper = await mountEntry()
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Add line')!
      .trigger('click')
    await byAria(wrapper, 'Qty, line 1').trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(document.activeElement).toBe(byAria(wrapper, 'Rate, line 1').element)
    await byAria(wrapper, 'UOM, line 1').trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(wrapper.findAll('[aria-label^="Qty, line"]')).toHaveLength(2)
    expect(document.activeElement).toBe(byLabel(wrapper, 'Item, line 2').element)
    wrapper.unmount()
  })

  it('forgets the paste notice when the next draft opens', async () => {
    const wrapper = await mountEntry()
    const event = new Event('paste', { bubbles: true, cancelable: true })
    Object.assign(event, { clipboardData: { getData: () => 'PAPER-A4\t2\t4,99\nPEN-BLUE\t1\t0,89' } })
    wrapper.get('section.lines').element.dispatchEvent(event)
    await flushPromises()
    expect(wrapper.text()).toContain('Added 2 lines.')
    await useScannerStore().startNext()
    await flushPromises()
    expect(wrapper.text()).not.toContain('Added 2 lines.')
    wrapper.unmount()
  })

  it('turns spreadsheet rows pasted into the table into lines, flagging unknown items and bad numbers on their rows', async () => {
    const wrapper = await mountEntry()
    const event = new Event('paste', { bubbles: true, cancelable: true })
    Object.assign(event, { clipboardData: { getData: () => 'PAPER-A4\t2\t4,99\nGHOST\t1\t2\nPEN-BLUE\tmany\t0,89' } })
    wrapper.get('section.lines').element.dispatchEvent(event)
    await flushPromises()
    expect(event.defaultPrevented).toBe(true)
    expect(wrapper.findAll('[aria-label^="Qty, line"]')).toHaveLength(3)
    expect(wrapper.text()).toContain('Added 3 lines, 1 flagged.')
    const item2 = byLabel(wrapper, 'Item, line 2')
    expect(item2.attributes('aria-invalid')).toBe('true')
    expect(wrapper.get(`#${item2.attributes('aria-describedby')}`).text()).toBe('Unknown item GHOST')
    expect(byLabel(wrapper, 'Item, line 1').attributes('aria-invalid')).toBeUndefined()
    expect((byAria(wrapper, 'UOM, line 1').element as HTMLInputElement).value).toBe('Box')
    const qty3 = byAria(wrapper, 'Qty, line 3')
    expect(qty3.attributes('aria-invalid')).toBe('true')
    expect(wrapper.get(`#${qty3.attributes('aria-describedby')}`).text()).toBe('Qty "many" is not a number')
    wrapper.unmount()
  })

  it('adds lines through the Paste lines dialog', async () => {
    const wrapper = await mountEntry()
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Paste lines')!
      .trigger('click')
    const box = byLabel(wrapper, 'Lines to paste')
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Add lines')!
      .trigger('click')
    expect(wrapper.text()).toContain('Nothing to add')
    await box.setValue('Item,Qty,Rate\nPAPER-A4,1,4.99\nPEN-BLUE,10,0.89')
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Add lines')!
      .trigger('click')
    await flushPromises()
    expect(wrapper.find('dialog').exists()).toBe(false)
    expect(wrapper.findAll('tbody input[role="combobox"]').map((i) => (i.element as HTMLInputElement).value)).toEqual([
      'PAPER-A4',
      'PEN-BLUE',
    ])
    expect(wrapper.get('[data-testid="grand-total"]').text()).toBe('13.89')
    wrapper.unmount()
  })

  it('shows what is missing on the fields themselves when Submit invoice is pressed, and sends nothing', async () => {
    const wrapper = await mountEntry()
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Submit invoice')!
      .trigger('click')
    await flushPromises()
    const billNo = byLabel(wrapper, 'Bill No')
    expect(billNo.attributes('aria-invalid')).toBe('true')
    expect(wrapper.get(`#${billNo.attributes('aria-describedby')}`).text()).toBe('Enter the Bill No from the invoice')
    expect(byLabel(wrapper, 'Supplier').attributes('aria-invalid')).toBe('true')
    expect(wrapper.text()).toContain('Add at least one line')
    expect(createPurchaseInvoice).not.toHaveBeenCalled()
    wrapper.unmount()
  })

  it('warns before sending when the supplier already has this Bill No, linking to that invoice', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      const wrapper = await mountEntry()
      const supplier = byLabel(wrapper, 'Supplier')
      await supplier.setValue('Horn')
      await vi.advanceTimersByTimeAsync(200)
      await supplier.trigger('keydown', { key: 'Enter' })
      expect((byLabel(wrapper, 'Currency').element as HTMLInputElement).value).toBe('EUR')
      await byLabel(wrapper, 'Bill No').setValue('TAKEN')
      await vi.advanceTimersByTimeAsync(400)
      await flushPromises()
      const alert = wrapper.get('.duplicate')
      expect(alert.text()).toContain('is already on ACC-PINV-2026-00009')
      expect(alert.get('a').attributes('href')).toBe('/invoices/ACC-PINV-2026-00009')
      wrapper.unmount()
    } finally {
      vi.useRealTimers()
    }
  })
})
