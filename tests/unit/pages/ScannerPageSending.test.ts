import 'fake-indexeddb/auto'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import ScannerPage from '@/pages/ScannerPage.vue'
import { useDraftStore } from '@/stores/draft'
import { usePagesStore } from '@/stores/pages'
import { SENDING_LOCK_REASON, useScannerStore } from '@/stores/scanner'
import { useSubmissionStore } from '@/stores/submission'
import { DEFAULT_MEMORY_CONFIG } from '@/types/frappe'
import { deferred } from '../api/fakeHttp'
import { DRAFT_HEADER, FakeBackend } from '../lib/submission/fakeBackend'
import { jpegFile, pngFile } from '../support/fakeImageWorker'

vi.mock('@/workers/imageWorkerClient', () => import('../support/fakeImageWorker'))

let backend: FakeBackend
/** Holds create_purchase_invoice open, so the test can look at the Scanner while the draft is sent. */
let serverAnswers: ReturnType<typeof deferred<void>>
vi.mock('@/api/invoices', () => ({
  createPurchaseInvoice: async (req: never) => {
    await serverAnswers.promise
    return backend.createPurchaseInvoice(req)
  },
  appendInvoiceItems: (req: never) => backend.appendInvoiceItems(req),
  findInvoiceByBillNo: async () => null,
}))
// happy-dom's Blobs do not survive fake-indexeddb, so the upload is given the page's name as its bytes.
vi.mock('@/api/files', () => ({
  uploadFile: (_blob: Blob, options: { docname: string; fileName: string }) => backend.uploadFile(new Blob([options.fileName]), options),
}))
vi.mock('@/api/resources', () => ({
  getList: async (_doctype: string, params: { filters: Array<[string, string, string[]]> }) =>
    (params.filters[0]?.[2] ?? []).map((code) => ({ item_code: code, item_name: code, stock_uom: 'Nos', standard_rate: 1 })),
}))
vi.mock('@/api/memory', async (original) => ({ ...(await original<object>()), getMemoryConfig: async () => DEFAULT_MEMORY_CONFIG }))

let pinia: Pinia
let wrapper: VueWrapper

beforeEach(async () => {
  localStorage.clear()
  backend = new FakeBackend()
  serverAnswers = deferred<void>()
  pinia = createPinia()
  setActivePinia(pinia)
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:any(.*)*', component: { template: '<div />' } }] })
  wrapper = mount(ScannerPage, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await useScannerStore().open()
})
afterEach(() => {
  wrapper.unmount()
  useSubmissionStore().stopAutoResume()
})

const addPhotosInput = () =>
  wrapper
    .findAll('label')
    .find((label) => label.text().startsWith('Add photos'))!
    .get('input[type="file"]')
const stripNames = () => wrapper.findAll('[aria-label="Pages"] > [role="listitem"]').map((item) => item.find('.name').text())
const describedBy = (selector: string) => wrapper.get(`[id="${wrapper.get(selector).attributes('aria-describedby')}"]`).text()

async function choose(names: string[]): Promise<void> {
  const input = addPhotosInput()
  Object.defineProperty(input.element, 'files', {
    value: names.map((name) => jpegFile(name)),
    configurable: true,
  })
  await input.trigger('change')
  await usePagesStore().whenIdle()
  await flushPromises()
}

describe('the Scanner while its invoice is being sent', () => {
  it('keeps the pages as they are, saying why, then shows a new empty draft once it is sent', async () => {
    await choose(['one.jpg', 'two.jpg'])
    const draft = useDraftStore()
    draft.setHeader({ ...DRAFT_HEADER })
    draft.lines = [{ id: 'l1', item_code: 'ITEM-1', item_name: '', qty: '2', rate: '1.5', uom: '' }]
    await vi.waitFor(() => expect(draft.validation.ok).toBe(true))
    const sentId = useScannerStore().draftId
    const submission = useSubmissionStore()

    const submitted = submission.submit()
    await vi.waitFor(() => expect(useScannerStore().sendingId).toBe(sentId))
    await flushPromises()

    expect(addPhotosInput().attributes('disabled')).toBeDefined()
    expect(describedBy('input[type="file"]')).toBe(SENDING_LOCK_REASON)
    // Every item of a page's Actions menu that changes the page (the menu names them in words).
    for (const [page, words] of [
      [1, 'Delete'],
      [1, 'Retake'],
      [1, 'Move right'],
      [2, 'Move left'],
      [2, 'Rotate'],
    ] as const) {
      const action = `${words} (page ${page})`
      // The menu's items are made when it is first opened.
      const trigger = wrapper.get(`button[aria-label="Actions for page ${page}"]`)
      if (trigger.attributes('aria-expanded') !== 'true') await trigger.trigger('click')
      const button = wrapper
        .get(`[role="menu"][aria-label="Page ${page}"]`)
        .findAll('[role^="menuitem"]')
        .find((candidate) => candidate.text() === words)!
      expect(button.attributes('disabled'), action).toBeDefined()
      expect(button.attributes('title'), action).toBe(SENDING_LOCK_REASON)
      expect(document.getElementById(button.attributes('aria-describedby') ?? '')?.textContent, action).toBe(SENDING_LOCK_REASON)
    }
    expect(wrapper.get('[role="listitem"]').attributes('draggable')).toBe('false')
    // Opening a page to look at it is still fine.
    expect(wrapper.get('button[aria-label="Open page 1"]').attributes('disabled')).toBeUndefined()

    // A paste or drop (no button to disable) is refused with the same reason, and nothing changes.
    const paste = new Event('paste', { bubbles: true, cancelable: true })
    Object.defineProperty(paste, 'clipboardData', { value: { files: [pngFile('late.png')] } })
    document.dispatchEvent(paste)
    await flushPromises()
    expect(wrapper.get('[aria-label="Files not added"]').text()).toContain(`late.png: Not added: ${SENDING_LOCK_REASON}`)
    await expect(usePagesStore().remove(usePagesStore().pages[0]!.id)).rejects.toThrow(SENDING_LOCK_REASON)
    expect(stripNames()).toEqual(['one.jpg', 'two.jpg'])

    serverAnswers.resolve()
    await submitted
    await vi.waitFor(() => expect(submission.result).not.toBeNull())
    await flushPromises()

    expect(backend.invoice().files.size).toBe(2)
    expect(wrapper.text()).toContain(backend.invoice().name)
    // The Scanner moved on: a new draft, no pages, capture allowed again.
    expect(useScannerStore().draftId).not.toBe(sentId)
    expect(useScannerStore().draftId).toBe(localStorage.getItem('invoice-scanner.current-draft:'))
    expect(stripNames()).toEqual([])
    expect(wrapper.text()).toContain('No pages yet')
    expect(addPhotosInput().attributes('disabled')).toBeUndefined()
    await choose(['next.jpg'])
    expect(stripNames()).toEqual(['next.jpg'])
  })
})
