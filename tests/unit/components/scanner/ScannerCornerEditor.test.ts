import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import ScannerCornerEditor from '@/components/scanner/ScannerCornerEditor.vue'
import { BIG_STEP, SMALL_STEP } from '@/lib/document/cornerEditing'
import type { Quad } from '@/lib/document/geometry'
import type { PageRecord } from '@/storage/db'
import { useObjectUrlsStore } from '@/stores/objectUrls'
import { FakeImageWorker, jpegFile } from '../../support/fakeImageWorker'

// happy-dom's Blobs do not survive fake-indexeddb, so the one read the editor makes is stood in for.
const stored = vi.hoisted(() => new Map<string, Partial<PageRecord>>())
vi.mock('@/storage/pages', () => ({ getPage: async (id: string) => stored.get(id) }))
// The pages store's worker, as in its own tests: the editor has the original made into a page-size picture.
vi.mock('@/workers/imageWorkerClient', () => import('../../support/fakeImageWorker'))

const crop: Quad = [
  { x: 0.2, y: 0.1 },
  { x: 0.8, y: 0.1 },
  { x: 0.8, y: 0.9 },
  { x: 0.2, y: 0.9 },
]

beforeEach(() => {
  setActivePinia(createPinia())
  stored.set('p1', {
    fileName: 'receipt.jpg',
    document: { original: jpegFile('receipt.jpg', 'photo'), corners: crop, look: 'document', problems: [], lookBytes: {} },
  })
})

function mountEditor(corners: Quad | null = crop) {
  return mount(ScannerCornerEditor, { props: { pageId: 'p1', corners }, attachTo: document.body })
}

const button = (wrapper: ReturnType<typeof mountEditor>, text: string) => wrapper.findAll('button').find((b) => b.text() === text)!

describe('ScannerCornerEditor', () => {
  it('shows the uncropped original as a dialog with four named, focusable corner handles', async () => {
    const wrapper = mountEditor()
    await vi.waitFor(() => expect(wrapper.find('img').exists()).toBe(true))
    expect(wrapper.get('[role="dialog"]').attributes('aria-labelledby')).toBe('corner-editor-title')
    expect(wrapper.get('img').attributes('src')).toMatch(/^blob:/)
    const handles = wrapper.findAll('[data-corner]')
    expect(handles.map((h) => h.attributes('aria-label'))).toEqual([
      'Top-left corner, 20 % across, 10 % down',
      'Top-right corner, 80 % across, 10 % down',
      'Bottom-right corner, 80 % across, 90 % down',
      'Bottom-left corner, 20 % across, 90 % down',
    ])
    expect(handles.every((h) => h.element.tagName === 'BUTTON')).toBe(true)
    wrapper.unmount()
  })

  it('has the worker make the original a page-size picture, and says so when it cannot', async () => {
    FakeImageWorker.normalized = []
    const wrapper = mountEditor()
    // Until the worker has made it, the frame says so.
    expect(wrapper.text()).toContain('Loading the photo…')
    await vi.waitFor(() => expect(wrapper.find('img').exists()).toBe(true))
    const asked = FakeImageWorker.normalized.at(-1)!
    expect(await asked.file.text()).toContain('photo')
    expect(asked.document).toBeUndefined()
    wrapper.unmount()

    stored.set('p1', { ...stored.get('p1'), fileName: 'corrupt.jpg' })
    const broken = mountEditor()
    await vi.waitFor(() => expect(broken.find('[role="alert"]').exists()).toBe(true))
    expect(broken.find('img').exists()).toBe(false)
    expect(broken.get('[role="alert"]').text()).toMatch(/damaged/)
    broken.unmount()
  })

  it('moves a handle with the arrow keys, Shift for bigger steps, and applies the new corners', async () => {
    const wrapper = mountEditor()
    const topLeft = wrapper.findAll('[data-corner]')[0]!
    await topLeft.trigger('keydown', { key: 'ArrowRight' })
    await topLeft.trigger('keydown', { key: 'ArrowDown', shiftKey: true })
    await topLeft.trigger('keydown', { key: 'a' })
    expect(topLeft.attributes('aria-label')).toBe('Top-left corner, 20.5 % across, 15 % down')
    await button(wrapper, 'Apply').trigger('click')
    const [applied] = wrapper.emitted('apply')![0] as [Quad]
    expect(applied[0].x).toBeCloseTo(0.2 + SMALL_STEP, 6)
    expect(applied[0].y).toBeCloseTo(0.1 + BIG_STEP, 6)
    expect(applied.slice(1)).toEqual(crop.slice(1))
    wrapper.unmount()
  })

  it('keeps a handle inside the photo however far it is pushed', async () => {
    const wrapper = mountEditor()
    const bottomRight = wrapper.findAll('[data-corner]')[2]!
    for (let i = 0; i < 10; i++) await bottomRight.trigger('keydown', { key: 'ArrowRight', shiftKey: true })
    expect(bottomRight.attributes('aria-label')).toBe('Bottom-right corner, 100 % across, 90 % down')
    wrapper.unmount()
  })

  it('lets a corner the detector put past the photo edge stay there, go back in and out again, but no further', async () => {
    // A receipt running off the right of the photo: its top-right corner lies 10 % of the width beyond.
    const runningOff: Quad = [crop[0], { x: 1.1, y: 0.05 }, crop[2], crop[3]]
    const wrapper = mountEditor(runningOff)
    const [topLeft, topRight] = wrapper.findAll('[data-corner]')
    expect(topRight!.attributes('aria-label')).toBe('Top-right corner, 110 % across, 5 % down')
    await topRight!.trigger('keydown', { key: 'ArrowRight', shiftKey: true })
    expect(topRight!.attributes('aria-label')).toBe('Top-right corner, 110 % across, 5 % down')
    for (let i = 0; i < 4; i++) await topRight!.trigger('keydown', { key: 'ArrowLeft', shiftKey: true })
    expect(topRight!.attributes('aria-label')).toBe('Top-right corner, 90 % across, 5 % down')
    for (let i = 0; i < 4; i++) await topRight!.trigger('keydown', { key: 'ArrowRight', shiftKey: true })
    expect(topRight!.attributes('aria-label')).toBe('Top-right corner, 110 % across, 5 % down')
    // Only that side has room: the top-left handle stops at the photo's left and top edges as before.
    for (let i = 0; i < 10; i++) await topLeft!.trigger('keydown', { key: 'ArrowUp', shiftKey: true })
    expect(topLeft!.attributes('aria-label')).toBe('Top-left corner, 20 % across, 0 % down')
    wrapper.unmount()
  })

  it('starts from the whole photo when the page has no crop; Use whole photo and Cancel say so', async () => {
    const wrapper = mountEditor(null)
    expect(wrapper.findAll('[data-corner]')[2]!.attributes('aria-label')).toBe('Bottom-right corner, 100 % across, 100 % down')
    await button(wrapper, 'Use whole photo').trigger('click')
    expect(wrapper.emitted('apply')).toEqual([[null]])
    await button(wrapper, 'Cancel').trigger('click')
    expect(wrapper.emitted('cancel')).toHaveLength(1)
    wrapper.unmount()
  })

  it('gives the original’s URL back when closed', async () => {
    const urls = useObjectUrlsStore()
    const wrapper = mountEditor()
    await vi.waitFor(() => expect(urls.count).toBe(1))
    wrapper.unmount()
    expect(urls.count).toBe(0)
  })
})
