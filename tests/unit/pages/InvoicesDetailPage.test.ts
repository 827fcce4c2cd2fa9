import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import InvoiceDetailPage from '@/pages/InvoiceDetailPage.vue'
import type { FrappeFile, PurchaseInvoice } from '@/types/frappe'

const invoice: PurchaseInvoice = {
  name: 'ACC-PINV-2026-00003',
  supplier: 'Hornbach',
  supplier_name: 'Hornbach',
  bill_no: 'B-3',
  bill_date: '2026-11-01',
  posting_date: '2026-11-02',
  currency: 'EUR',
  docstatus: 0,
  status: 'Draft',
  scan_status: 'Complete',
  expected_items: 2,
  items_received: 2,
  grand_total: 12.48,
  total_qty: 3,
  owner: 'clerk@example.com',
  creation: '',
  modified: '',
  items: [
    { idx: 1, item_code: 'PAPER-A4', item_name: 'Copy paper', qty: 2, rate: 4.99, amount: 9.98, uom: 'Box' },
    { idx: 2, item_code: 'PEN-BLUE', item_name: 'Pen', qty: 1, rate: 2.5, amount: 2.5, uom: 'Nos' },
  ],
}
const file = (n: number): FrappeFile => ({
  name: `f${n}`,
  file_name: `page-${n}.jpg`,
  file_url: `/private/files/page-${n}.jpg`,
  file_size: 1,
  content_hash: `${n}`,
  attached_to_doctype: 'Purchase Invoice',
  attached_to_name: invoice.name,
  is_private: 1,
})
const getPurchaseInvoice = vi.fn(async (name: string) => {
  if (name !== invoice.name) throw new Error(`Purchase Invoice ${name} not found`)
  return invoice
})
vi.mock('@/api/invoices', () => ({ getPurchaseInvoice: (name: string) => getPurchaseInvoice(name) }))
vi.mock('@/api/files', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/api/files')>()),
  listAttachments: async () => [file(1), file(2)],
  downloadFile: async (url: string) => (await import('../support/fakeImageWorker')).jpegFile(url, `bytes of ${url}`),
}))
vi.mock('@/workers/imageWorkerClient', () => import('../support/fakeImageWorker'))

async function mountDetail(name: string) {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:any(.*)*', component: { template: '<div />' } }] })
  const wrapper = mount(InvoiceDetailPage, { props: { name }, global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

beforeEach(() => setActivePinia(createPinia()))

describe('InvoiceDetailPage', () => {
  it('shows the header, the lines and the totals', async () => {
    const wrapper = await mountDetail(invoice.name)
    expect(wrapper.get('h1').text()).toBe(invoice.name)
    expect(wrapper.text()).toContain('Bill No')
    expect(wrapper.text()).toContain('B-3')
    expect(wrapper.findAll('tbody tr').map((r) => r.findAll('td').map((td) => td.text()))).toEqual([
      ['1', 'PAPER-A4 Copy paper', '2', '4.99', 'Box', '9.98'],
      ['2', 'PEN-BLUE Pen', '1', '2.50', 'Nos', '2.50'],
    ])
    expect(wrapper.get('[data-testid="detail-grand-total"]').text()).toBe('€12.48')
    wrapper.unmount()
  })

  it('shows attached pages as thumbnails that open full size on tap', async () => {
    const wrapper = await mountDetail(invoice.name)
    // Thumbnails are made on the device (here by the stand-in worker, which hashes each page as the real one does,
    // so they arrive a few ticks after the page) and shown through object URLs.
    await vi.waitFor(() => expect(wrapper.findAll('.thumbs img')).toHaveLength(2))
    const thumbs = wrapper.findAll('.thumbs img')
    expect(thumbs.map((img) => img.attributes('alt'))).toEqual(['Page 1: page-1.jpg', 'Page 2: page-2.jpg'])
    expect(thumbs.every((img) => img.attributes('src')?.startsWith('blob:'))).toBe(true)
    expect(wrapper.find('img.full').exists()).toBe(false)
    await wrapper.get('[aria-label="Open page 2 full size"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('img.full').attributes('src')).toBe('/private/files/page-2.jpg')
    expect(wrapper.get('dialog').attributes('open')).toBeDefined()
    wrapper.unmount()
  })

  it('says why when the invoice cannot be loaded', async () => {
    const wrapper = await mountDetail('ACC-PINV-NOPE')
    expect(wrapper.get('[role="alert"]').text()).toBe('Purchase Invoice ACC-PINV-NOPE not found')
    wrapper.unmount()
  })
})
