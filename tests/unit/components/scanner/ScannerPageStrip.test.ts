import 'fake-indexeddb/auto'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import ScannerPageStrip from '@/components/scanner/ScannerPageStrip.vue'
import { listPages } from '@/storage/pages'
import { usePagesStore } from '@/stores/pages'

vi.mock('@/workers/imageWorkerClient', () => import('./fakeImageWorker'))

let pinia: Pinia
let wrapper: VueWrapper
let draft: string

beforeEach(async () => {
  pinia = createPinia()
  setActivePinia(pinia)
  draft = crypto.randomUUID()
  const pages = usePagesStore()
  await pages.load(draft)
  pages.addFiles(['a.jpg', 'b.jpg', 'c.jpg'].map((name) => new File(['x'], name, { type: 'image/jpeg' })), 'file')
  await pages.whenIdle()
  wrapper = mount(ScannerPageStrip, { global: { plugins: [pinia] }, attachTo: document.body })
})
afterEach(() => wrapper.unmount())

/** What the clerk sees in the strip: each item's accessible name and the file under it. */
function strip() {
  return wrapper.findAll('[role="list"][aria-label="Pages"] > [role="listitem"]').map((item) => `${item.attributes('aria-label')}: ${item.find('.name').text()}`)
}

async function click(label: string) {
  await wrapper.get(`button[aria-label="${label}"]`).trigger('click')
  await flushPromises()
}

describe('ScannerPageStrip', () => {
  it('lists the pages in order, named Page 1, Page 2…', () => {
    expect(strip()).toEqual(['Page 1: a.jpg', 'Page 2: b.jpg', 'Page 3: c.jpg'])
  })

  it('reorders with the move buttons and saves the order', async () => {
    await click('Move page 1 right')
    await vi.waitFor(() => expect(strip()).toEqual(['Page 1: b.jpg', 'Page 2: a.jpg', 'Page 3: c.jpg']))
    // Focus follows the moved page, so a keyboard user can press again.
    await vi.waitFor(() => expect(document.activeElement?.getAttribute('aria-label')).toBe('Move page 2 right'))
    await click('Move page 3 left')
    await vi.waitFor(() => expect(strip()).toEqual(['Page 1: b.jpg', 'Page 2: c.jpg', 'Page 3: a.jpg']))
    expect(wrapper.get('button[aria-label="Move page 1 left"]').attributes('disabled')).toBeDefined()
    expect(wrapper.get('button[aria-label="Move page 3 right"]').attributes('disabled')).toBeDefined()
    expect((await listPages(draft)).map((page) => page.fileName)).toEqual(['b.jpg', 'c.jpg', 'a.jpg'])
  })

  it('reorders by dragging one page onto another', async () => {
    const items = () => wrapper.findAll('[role="listitem"]')
    const dataTransfer = { setData: vi.fn(), effectAllowed: '' }
    await items()[0]!.trigger('dragstart', { dataTransfer })
    await items()[2]!.trigger('dragover')
    await items()[2]!.trigger('drop')
    await vi.waitFor(() => expect(strip()).toEqual(['Page 1: b.jpg', 'Page 2: c.jpg', 'Page 3: a.jpg']))
  })

  it('rotates a quarter turn each time, shown on the thumbnail and kept', async () => {
    await click('Rotate page 2')
    const thumb = () => wrapper.findAll('[role="listitem"]')[1]!.get('[aria-label="Page 2"][role="img"], img[alt="Page 2"]')
    await vi.waitFor(() => expect(thumb().attributes('style')).toContain('rotate(90deg)'))
    await click('Rotate page 2')
    await vi.waitFor(() => expect(thumb().attributes('style')).toContain('rotate(180deg)'))
    await vi.waitFor(async () => expect((await listPages(draft)).map((page) => page.rotation)).toEqual([0, 180, 0]))
  })

  it('does not offer to turn a PDF, which is sent as it is, and says why', async () => {
    const pages = usePagesStore()
    pages.addFiles([new File(['%PDF-1.4'], 'invoice.pdf', { type: 'application/pdf' })], 'file')
    await pages.whenIdle()
    await flushPromises()
    const rotate = wrapper.get('button[aria-label="Rotate page 4"]')
    expect(rotate.attributes('disabled')).toBeDefined()
    expect(rotate.attributes('title')).toBe('A PDF is sent as it is and cannot be turned here.')
    expect(wrapper.get('button[aria-label="Rotate page 1"]').attributes('disabled')).toBeUndefined()
    await expect(pages.rotate(pages.pages[3]!.id)).rejects.toThrow('A PDF is sent as it is and cannot be turned here.')
    expect((await listPages(draft)).map((page) => page.rotation)).toEqual([0, 0, 0, 0])
  })

  it('deletes a page with an Undo that brings it back in place', async () => {
    await click('Delete page 2')
    await vi.waitFor(() => expect(strip()).toEqual(['Page 1: a.jpg', 'Page 2: c.jpg']))
    const status = wrapper.get('[role="status"]')
    expect(status.text()).toContain('Page 2 deleted.')
    await vi.waitFor(() => expect(document.activeElement?.textContent).toBe('Undo'))
    await status.get('button').trigger('click')
    await vi.waitFor(() => expect(strip()).toEqual(['Page 1: a.jpg', 'Page 2: b.jpg', 'Page 3: c.jpg']))
    expect(wrapper.get('[role="status"]').text()).toBe('')
  })

  it('deletes for good once the clerk moves on', async () => {
    await click('Delete page 1')
    await vi.waitFor(() => expect(strip()).toEqual(['Page 1: b.jpg', 'Page 2: c.jpg']))
    await click('Rotate page 1')
    await vi.waitFor(() => expect(wrapper.get('[role="status"]').text()).toBe(''))
    await vi.waitFor(async () => expect((await listPages(draft)).map((page) => page.fileName)).toEqual(['b.jpg', 'c.jpg']))
  })

  it('opens a page full size in a dialog and closes it', async () => {
    await click('Open page 2')
    const dialog = wrapper.get('[role="dialog"]')
    expect(dialog.attributes('aria-label')).toBe('Page 2')
    expect(dialog.text()).toContain('b.jpg')
    await dialog.get('button').trigger('click')
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false)
  })

  it('marks the page being retaken', async () => {
    await click('Retake page 3')
    expect(usePagesStore().retakeId).toBe(usePagesStore().pages[2]!.id)
    expect(wrapper.get('button[aria-label="Retake page 3"]').attributes('aria-pressed')).toBe('true')
  })
})
