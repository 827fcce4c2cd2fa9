import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import ScannerPageThumb from '@/components/scanner/ScannerPageThumb.vue'
import type { PageRecord } from '@/storage/db'
import { useObjectUrlsStore } from '@/stores/objectUrls'
import type { PageMeta } from '@/stores/pages'

// happy-dom's Blobs do not survive fake-indexeddb, so the one read this component makes is stood in for.
const stored = vi.hoisted(() => new Map<string, { thumb: Blob | null }>())
vi.mock('@/storage/pages', () => ({ getPage: async (id: string) => stored.get(id) as PageRecord | undefined }))

// happy-dom never reports intersections; this one lets the test scroll thumbnails in and out of view.
const observed = new Map<Element, (entries: { isIntersecting: boolean }[]) => void>()
class FakeIntersectionObserver {
  constructor(private callback: (entries: { isIntersecting: boolean }[]) => void) {}
  observe(element: Element) {
    observed.set(element, this.callback)
  }
  unobserve(element: Element) {
    observed.delete(element)
  }
  disconnect() {}
}

function scroll(element: Element, onScreen: boolean) {
  observed.get(element)?.([{ isIntersecting: onScreen }])
}

const meta = (id: string, kind: 'image' | 'pdf' = 'image'): PageMeta => ({
  id,
  order: 0,
  kind,
  width: 2000,
  height: 1500,
  bytes: 10,
  mime: 'image/jpeg',
  fileName: `${id}.jpg`,
  source: 'file',
  rotation: 90,
  created: 1,
})

beforeEach(() => {
  setActivePinia(createPinia())
  vi.stubGlobal('IntersectionObserver', FakeIntersectionObserver)
  stored.set('a', { thumb: new Blob(['thumb a'], { type: 'image/jpeg' }) })
  stored.set('b', { thumb: new Blob(['thumb b'], { type: 'image/jpeg' }) })
  stored.set('doc', { thumb: null })
})
afterEach(() => {
  vi.unstubAllGlobals()
  observed.clear()
})

function mountThumb(id: string, evictions = 0, kind: 'image' | 'pdf' = 'image') {
  return mount(ScannerPageThumb, { props: { page: meta(id, kind), number: 1, evictions } })
}

describe('ScannerPageThumb', () => {
  it('loads its image only once on screen, shown turned as the clerk chose', async () => {
    const urls = useObjectUrlsStore()
    const wrapper = mountThumb('a')
    await flushPromises()
    expect(wrapper.find('img').exists()).toBe(false)
    expect(urls.count).toBe(0)
    scroll(wrapper.element, true)
    await vi.waitFor(() => expect(wrapper.find('img').exists()).toBe(true))
    const img = wrapper.get('img')
    expect(img.attributes('alt')).toBe('Page 1')
    expect(img.attributes('src')).toMatch(/^blob:/)
    expect(img.attributes('style')).toContain('rotate(90deg)')
    expect(urls.count).toBe(1)
    wrapper.unmount()
    expect(urls.count).toBe(0)
  })

  it('gives its URL back on a memory cleanup only when off screen', async () => {
    const urls = useObjectUrlsStore()
    const visible = mountThumb('a')
    const hidden = mountThumb('b')
    await flushPromises()
    scroll(visible.element, true)
    scroll(hidden.element, true)
    await vi.waitFor(() => expect(urls.count).toBe(2))
    scroll(hidden.element, false)
    await visible.setProps({ evictions: 1 })
    await hidden.setProps({ evictions: 1 })
    expect(urls.count).toBe(1)
    expect(visible.find('img').exists()).toBe(true)
    expect(hidden.find('img').exists()).toBe(false)
    // Scrolled back, it reads its image again.
    scroll(hidden.element, true)
    await vi.waitFor(() => expect(hidden.find('img').exists()).toBe(true))
    expect(urls.count).toBe(2)
    visible.unmount()
    hidden.unmount()
    expect(urls.count).toBe(0)
  })

  it('shows a PDF badge and no image for a PDF', async () => {
    const wrapper = mountThumb('doc', 0, 'pdf')
    await flushPromises()
    scroll(wrapper.element, true)
    await flushPromises()
    expect(wrapper.get('.badge').text()).toBe('PDF')
    expect(wrapper.get('[role="img"]').attributes('aria-label')).toBe('Page 1')
    expect(useObjectUrlsStore().count).toBe(0)
  })
})
