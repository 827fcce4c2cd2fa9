import 'fake-indexeddb/auto'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import StatusTabStorage from '@/components/status/StatusTabStorage.vue'
import type { PageRecord } from '@/storage/db'
import { deletePage, putPage } from '@/storage/pages'
import { useObjectUrlsStore } from '@/stores/objectUrls'
import { usePagesStore } from '@/stores/pages'

const MB = 1024 * 1024

function page(draftId: string): PageRecord {
  return {
    id: crypto.randomUUID(),
    draftId,
    order: 0,
    kind: 'image',
    blob: new Blob(['page'], { type: 'image/jpeg' }),
    thumb: null,
    width: 2000,
    height: 1500,
    bytes: 4,
    mime: 'image/jpeg',
    fileName: 'receipt.jpg',
    source: 'file',
    rotation: 0,
    created: Date.now(),
  }
}

function stubStorage(estimate: (() => Promise<StorageEstimate>) | null) {
  const value = estimate ? { estimate } : undefined
  Object.defineProperty(navigator, 'storage', { configurable: true, get: () => value })
}

/** The figures shown before Details, in order, as "term: value". */
function clerkFigures(wrapper: ReturnType<typeof mount>): string[] {
  return wrapper
    .findAll('.status-figure')
    .filter((el) => !el.element.closest('details'))
    .map((el) => `${el.get('dt').text()}: ${el.get('dd').text()}`)
}

/** The terms under the closed `Details` disclosure. */
function detailTerms(wrapper: ReturnType<typeof mount>): string[] {
  const details = wrapper.get('details')
  expect(details.get('summary').text()).toBe('Details')
  expect(details.attributes('open')).toBeUndefined()
  return details.findAll('dt').map((dt) => dt.text())
}

function figure(wrapper: ReturnType<typeof mount>, label: string): string {
  const item = wrapper.findAll('.status-figure').find((el) => el.get('dt').text() === label)
  if (!item) throw new Error(`no figure "${label}" in:\n${wrapper.text()}`)
  return item.get('dd').text()
}

let pinia: Pinia
let stored: PageRecord[] = []
let mounted: Array<ReturnType<typeof mount>> = []
beforeEach(() => {
  pinia = createPinia()
  setActivePinia(pinia)
  let n = 0
  vi.spyOn(URL, 'createObjectURL').mockImplementation(() => `blob:http://localhost/storage-${(n += 1)}`)
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined)
  stubStorage(() => Promise.resolve({ usage: 12.5 * MB, quota: 2048 * MB }))
})
afterEach(async () => {
  for (const wrapper of mounted) wrapper.unmount()
  mounted = []
  for (const record of stored) await deletePage(record.id)
  stored = []
  vi.restoreAllMocks()
})

async function render() {
  const wrapper = mount(StatusTabStorage, { global: { plugins: [pinia] } })
  mounted.push(wrapper)
  await flushPromises()
  return wrapper
}

describe('StatusTabStorage', () => {
  it('counts live object URLs and their bytes as they come and go', async () => {
    const urls = useObjectUrlsStore()
    const wrapper = await render()
    expect(figure(wrapper, 'Live object URLs')).toBe('0')
    const first = urls.acquire(new Blob([new Uint8Array(1536)]), 'strip')
    urls.acquire(new Blob([new Uint8Array(512)]), 'strip')
    await flushPromises()
    expect(figure(wrapper, 'Live object URLs')).toBe('2')
    expect(figure(wrapper, 'Object URL bytes')).toBe('2.0 KB')
    urls.release(first)
    await flushPromises()
    expect(figure(wrapper, 'Live object URLs')).toBe('1')
    expect(figure(wrapper, 'Object URL bytes')).toBe('512 B')
  })

  it('counts every page held in IndexedDB, across drafts', async () => {
    stored = [page('draft-a'), page('draft-a'), page('draft-b')]
    for (const record of stored) await putPage(record)
    const wrapper = await render()
    // In the clerk's words first; the technical figures under Details.
    expect(clerkFigures(wrapper)).toEqual([
      'Pages kept on this device: 3',
      'Space used on this device: 12.5 MB (of 2.0 GB)',
      'Photos being prepared: None, all done',
    ])
    expect(detailTerms(wrapper)).toEqual([
      'Live object URLs',
      'Object URL bytes',
      'Pages held in IndexedDB',
      'Storage used',
      'Image worker',
      'Photos processed',
    ])
    expect(figure(wrapper, 'Pages held in IndexedDB')).toBe('3')
  })

  it('shows the storage estimate, or says the browser gives none', async () => {
    expect(figure(await render(), 'Storage used')).toBe('12.5 MB (of 2.0 GB)')
    stubStorage(null)
    expect(figure(await render(), 'Storage used')).toBe('Not reported by this browser')
  })

  it('shows the image worker’s state, the file in progress, and the photos processed', async () => {
    const pages = usePagesStore()
    const wrapper = await render()
    expect(figure(wrapper, 'Image worker')).toBe('Not running')
    expect(figure(wrapper, 'Photos processed')).toBe('0')

    pages.workerState = 'busy'
    pages.jobs = [
      { id: 'a', fileName: 'receipt-1.jpg', position: 1, state: 'processing' },
      { id: 'b', fileName: 'receipt-2.jpg', position: 2, state: 'queued' },
    ]
    pages.batchTotal = 2
    await flushPromises()
    expect(figure(wrapper, 'Image worker')).toBe('Processing 1 of 2: receipt-1.jpg')
    expect(figure(wrapper, 'Photos being prepared')).toBe('2 to go, now receipt-1.jpg')

    pages.jobs = []
    pages.workerState = 'idle'
    pages.processedCount = 2
    await flushPromises()
    expect(figure(wrapper, 'Image worker')).toBe('Idle')
    expect(figure(wrapper, 'Photos processed')).toBe('2')
  })
})
