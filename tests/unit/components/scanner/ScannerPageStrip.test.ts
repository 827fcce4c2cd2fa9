import 'fake-indexeddb/auto'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import type { ComponentPublicInstance } from 'vue'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import ScannerPageStrip from '@/components/scanner/ScannerPageStrip.vue'
import { listPages } from '@/storage/pages'
import { usePagesStore } from '@/stores/pages'
import { jpegFile } from '../../support/fakeImageWorker'

vi.mock('@/workers/imageWorkerClient', () => import('../../support/fakeImageWorker'))

let pinia: Pinia
let wrapper: VueWrapper
let draft: string

beforeEach(async () => {
  pinia = createPinia()
  setActivePinia(pinia)
  draft = crypto.randomUUID()
  const pages = usePagesStore()
  await pages.load(draft)
  pages.addFiles(
    // Different bytes per photo, so no page is the same image as another.
    ['a.jpg', 'b.jpg', 'c.jpg'].map((name) => jpegFile(name, `photo ${name}`)),
    'file',
  )
  await pages.whenIdle()
  wrapper = mount(ScannerPageStrip, { global: { plugins: [pinia] }, attachTo: document.body })
})
afterEach(() => wrapper.unmount())

/** What the clerk sees in the strip: each item's accessible name and the file under it. */
function strip() {
  return wrapper
    .findAll('[role="list"][aria-label="Pages"] > [role="listitem"]')
    .map((item) => `${item.attributes('aria-label')}: ${item.find('.name').text()}`)
}

/** An item of page `page`'s Actions menu, by its words ("Move right", "Rotate"). */
function item(page: number, words: string) {
  const found = wrapper
    .get(`[role="menu"][aria-label="Page ${page}"]`)
    .findAll('[role^="menuitem"]')
    .find((candidate) => candidate.text() === words)
  if (!found) throw new Error(`Page ${page}'s menu has no ${words}`)
  return found
}

/** Opens page `page`'s Actions menu (its items are made when it is first opened), and closes it again unless `stay`. */
async function openMenu(page: number, stay = false) {
  const actions = wrapper.get(`button[aria-label="Actions for page ${page}"]`)
  await actions.trigger('click')
  if (!stay) await actions.trigger('click')
  await flushPromises()
}

/** Clicks "Open page 2", or a menu item named as the clerk would say it: "Move page 1 right", "Rotate page 2". */
async function click(label: string) {
  const action = /^(Move|Rotate|Retake|Delete) page (\d+)(?: (left|right))?$/.exec(label)
  if (action) {
    await wrapper.get(`button[aria-label="Actions for page ${action[2]}"]`).trigger('click')
    await item(Number(action[2]), [action[1], action[3]].filter(Boolean).join(' ')).trigger('click')
  } else {
    await wrapper.get(`button[aria-label="${label}"]`).trigger('click')
  }
  await flushPromises()
}

const focused = () => {
  const element = document.activeElement
  const menu = element?.closest('[role="menu"]')
  return menu
    ? `${menu.getAttribute('aria-label')}: ${element?.textContent?.trim()}`
    : (element?.getAttribute('aria-label') ?? element?.textContent?.trim())
}

describe('ScannerPageStrip', () => {
  it('lists the pages in order, named Page 1, Page 2…', () => {
    expect(strip()).toEqual(['Page 1: a.jpg', 'Page 2: b.jpg', 'Page 3: c.jpg'])
  })

  it('reorders with the move buttons and saves the order', async () => {
    await click('Move page 1 right')
    await vi.waitFor(() => expect(strip()).toEqual(['Page 1: b.jpg', 'Page 2: a.jpg', 'Page 3: c.jpg']))
    // Focus follows the moved page, so a keyboard user can press again.
    await vi.waitFor(() => expect(focused()).toBe('Page 2: Move right'))
    await click('Move page 3 left')
    await vi.waitFor(() => expect(strip()).toEqual(['Page 1: b.jpg', 'Page 2: c.jpg', 'Page 3: a.jpg']))
    await openMenu(1)
    await openMenu(3)
    expect(item(1, 'Move left').attributes('disabled')).toBeDefined()
    expect(item(3, 'Move right').attributes('disabled')).toBeDefined()
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
    await openMenu(4)
    await openMenu(1)
    const rotate = item(4, 'Rotate')
    expect(rotate.attributes('disabled')).toBeDefined()
    expect(rotate.attributes('title')).toBe('A PDF is sent as it is and cannot be turned here.')
    expect(item(1, 'Rotate').attributes('disabled')).toBeUndefined()
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
    expect(item(3, 'Retake').attributes('aria-checked')).toBe('true')
  })

  it('is one Tab stop: only the current page’s Open and Actions are tabbable, and the arrows move between pages', async () => {
    const tabbable = () =>
      wrapper
        .findAll('[role="listitem"] button')
        .filter((button) => button.attributes('tabindex') === '0')
        .map((button) => button.attributes('aria-label'))
    expect(tabbable()).toEqual(['Open page 1', 'Actions for page 1'])
    const open = (n: number) => wrapper.get(`button[aria-label="Open page ${n}"]`)
    ;(open(1).element as HTMLButtonElement).focus()
    await open(1).trigger('keydown', { key: 'ArrowRight' })
    await vi.waitFor(() => expect(focused()).toBe('Open page 2'))
    expect(tabbable()).toEqual(['Open page 2', 'Actions for page 2'])
    await open(2).trigger('keydown', { key: 'End' })
    await vi.waitFor(() => expect(focused()).toBe('Open page 3'))
    // Past the last page the arrow stays there.
    await open(3).trigger('keydown', { key: 'ArrowRight' })
    await vi.waitFor(() => expect(focused()).toBe('Open page 3'))
    await open(3).trigger('keydown', { key: 'Home' })
    await vi.waitFor(() => expect(focused()).toBe('Open page 1'))
    await open(1).trigger('keydown', { key: 'ArrowLeft' })
    expect(focused()).toBe('Open page 1')
    expect(tabbable()).toEqual(['Open page 1', 'Actions for page 1'])
  })

  it('opens a page’s Actions menu with the arrow keys, moves through its items in words and closes with Escape', async () => {
    const actions = wrapper.get('button[aria-label="Actions for page 2"]')
    const menu = () => wrapper.get('[role="menu"][aria-label="Page 2"]')
    expect(actions.attributes('aria-haspopup')).toBe('menu')
    expect(actions.attributes('aria-expanded')).toBe('false')
    expect((menu().element as HTMLElement).style.display).toBe('none')
    await actions.trigger('keydown', { key: 'ArrowDown' })
    await vi.waitFor(() => expect(focused()).toBe('Page 2: Move left'))
    expect(actions.attributes('aria-expanded')).toBe('true')
    expect(
      menu()
        .findAll('[role^="menuitem"]')
        .map((button) => button.text()),
    ).toEqual(['Move left', 'Move right', 'Rotate', 'Retake', 'Original', 'Document', 'Black and white', 'Adjust corners', 'Delete'])
    await menu().trigger('keydown', { key: 'ArrowDown' })
    expect(focused()).toBe('Page 2: Move right')
    await menu().trigger('keydown', { key: 'End' })
    expect(focused()).toBe('Page 2: Delete')
    // Round from the last item to the first.
    await menu().trigger('keydown', { key: 'ArrowDown' })
    expect(focused()).toBe('Page 2: Move left')
    await menu().trigger('keydown', { key: 'ArrowUp' })
    expect(focused()).toBe('Page 2: Delete')
    await menu().trigger('keydown', { key: 'Escape' })
    await vi.waitFor(() => expect(focused()).toBe('Actions for page 2'))
    expect(actions.attributes('aria-expanded')).toBe('false')
    // ArrowUp opens it on the last item; one menu is open at a time.
    await actions.trigger('keydown', { key: 'ArrowUp' })
    await vi.waitFor(() => expect(focused()).toBe('Page 2: Delete'))
    await wrapper.get('button[aria-label="Actions for page 1"]').trigger('click')
    await flushPromises()
    expect(wrapper.findAll('button[aria-haspopup="menu"][aria-expanded="true"]').map((button) => button.attributes('aria-label'))).toEqual([
      'Actions for page 1',
    ])
  })

  it('offers the look of a photo page in its Actions menu as radio items with their bytes, by keyboard', async () => {
    const pages = usePagesStore()
    const reshape = vi.spyOn(pages, 'reshape').mockResolvedValue()
    const photo = {
      original: new Blob(['p']),
      corners: null,
      look: 'document' as const,
      problems: [],
      lookBytes: { original: 8192, document: 2048 },
    }
    pages.pages = pages.pages.map((page, index) => (index === 1 ? { ...page, document: photo } : page))
    await flushPromises()
    await openMenu(2)
    const looks = () =>
      wrapper.get('[role="menu"][aria-label="Page 2"]').get('[role="group"][aria-label="Look"]').findAll('[role="menuitemradio"]')
    expect(looks().map((look) => [look.text(), look.attributes('aria-checked')])).toEqual([
      ['Original · 8.0 KB', 'false'],
      ['Document · 2.0 KB', 'true'],
      ['Black and white', 'false'],
    ])
    // The tile itself has one button besides Actions: Open.
    expect(
      wrapper
        .findAll('[role="listitem"]')[1]!
        .findAll('button:not([role^="menuitem"])')
        .map((b) => b.attributes('aria-label')),
    ).toEqual(['Open page 2', 'Actions for page 2'])
    await wrapper.get('button[aria-label="Actions for page 2"]').trigger('keydown', { key: 'ArrowDown' })
    await vi.waitFor(() => expect(focused()).toBe('Page 2: Move left'))
    for (let i = 0; i < 6; i++) await wrapper.get('[role="menu"][aria-label="Page 2"]').trigger('keydown', { key: 'ArrowDown' })
    expect(focused()).toBe('Page 2: Black and white')
    ;(document.activeElement as HTMLElement).click()
    await flushPromises()
    expect(reshape).toHaveBeenCalledWith(pages.pages[1]!.id, { look: 'bw' })
    await vi.waitFor(() => expect(focused()).toBe('Actions for page 2'))
    expect(wrapper.get('button[aria-label="Actions for page 2"]').attributes('aria-expanded')).toBe('false')
    // The look it already has is not made again.
    await click('Actions for page 2')
    await item(2, 'Document · 2.0 KB').trigger('click')
    expect(reshape).toHaveBeenCalledTimes(1)
  })

  it('says why a PDF has no look or corners to change', async () => {
    const pages = usePagesStore()
    pages.addFiles([new File(['%PDF-1.4'], 'invoice.pdf', { type: 'application/pdf' })], 'file')
    await pages.whenIdle()
    await flushPromises()
    await openMenu(4)
    for (const words of ['Original', 'Black and white', 'Adjust corners']) {
      expect(item(4, words).attributes('disabled')).toBeDefined()
      expect(item(4, words).attributes('title')).toBe('A PDF is sent as it is: it cannot be cropped or given another look here.')
    }
  })

  it('says when an added page is the same image as another, marks its tile, and lets the clerk keep or delete it', async () => {
    const pages = usePagesStore()
    pages.addFiles([jpegFile('b again.jpg', 'photo b.jpg')], 'file')
    await pages.whenIdle()
    await flushPromises()
    const notice = () => wrapper.get('.same-image[role="status"]')
    expect(notice().text()).toContain('Page 4: Same image as page 2.')
    expect(wrapper.findAll('[role="listitem"]')[3]!.get('.same').text()).toBe('Same as page 2')
    await wrapper.get('button[aria-label="Keep page 4"]').trigger('click')
    expect(notice().text()).toBe('')
    expect(wrapper.find('.same').exists()).toBe(false)

    pages.addFiles([jpegFile('a again.jpg', 'photo a.jpg')], 'file')
    await pages.whenIdle()
    await flushPromises()
    expect(notice().text()).toContain('Page 5: Same image as page 1.')
    await wrapper.get('button[aria-label="Delete page 5"]').trigger('click')
    await flushPromises()
    expect(strip()).toEqual(['Page 1: a.jpg', 'Page 2: b.jpg', 'Page 3: c.jpg', 'Page 4: b again.jpg'])
    expect(notice().text()).toBe('')
    // Deleted like any page: with Undo.
    expect(wrapper.get('.undo').text()).toContain('Page 5 deleted.')
  })

  it('skips items that cannot be used: the first page has no Move left', async () => {
    await wrapper.get('button[aria-label="Actions for page 1"]').trigger('keydown', { key: 'ArrowDown' })
    await vi.waitFor(() => expect(focused()).toBe('Page 1: Move right'))
  })

  it('renders again only the tile that stopped being last when a page arrives, not every page’s tile', async () => {
    // Re-rendering every tile (its menu, look items and words) for each page that arrived was most of a
    // 250–700 ms main-thread task per page with 30 pages on a slow phone (bench:lowend).
    wrapper.unmount()
    const updated: string[] = []
    const countUpdates = {
      updated(this: ComponentPublicInstance) {
        const number = (this.$props as { number?: number }).number
        if (this.$options.__name?.startsWith('ScannerPage') && number) updated.push(`${this.$options.__name} ${number}`)
      },
    }
    wrapper = mount(ScannerPageStrip, { global: { plugins: [pinia], mixins: [countUpdates] }, attachTo: document.body })
    await flushPromises()
    updated.length = 0
    const pages = usePagesStore()
    pages.addFiles([jpegFile('d.jpg', 'photo d.jpg')], 'file')
    await pages.whenIdle()
    await flushPromises()
    expect(strip()).toEqual(['Page 1: a.jpg', 'Page 2: b.jpg', 'Page 3: c.jpg', 'Page 4: d.jpg'])
    // Page 3 can now move right; pages 1 and 2 did not change, so nothing of theirs was rendered again.
    expect([...new Set(updated)].sort()).toEqual(['ScannerPageActions 3', 'ScannerPageTile 3'])
    await openMenu(3)
    await openMenu(4)
    expect(item(3, 'Move right').attributes('disabled')).toBeUndefined()
    expect(item(4, 'Move right').attributes('disabled')).toBeDefined()
  })
})
