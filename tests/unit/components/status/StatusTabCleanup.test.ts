import { mount, flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import StatusTabCleanup from '@/components/status/StatusTabCleanup.vue'
import { useMemoryStore } from '@/stores/memory'
import { useObjectUrlsStore } from '@/stores/objectUrls'

const KB = 1024

// Real stores: the button runs the memory store's registered cleanups, which release real object URLs.
let pinia: Pinia
beforeEach(() => {
  pinia = createPinia()
  setActivePinia(pinia)
  let n = 0
  vi.spyOn(URL, 'createObjectURL').mockImplementation(() => `blob:http://localhost/status-${(n += 1)}`)
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined)
  vi.spyOn(console, 'error').mockImplementation(() => undefined)
})
afterEach(() => {
  vi.restoreAllMocks()
})

function rowsOf(wrapper: ReturnType<typeof mount>): Record<string, [string, string]> {
  const rows: Record<string, [string, string]> = {}
  for (const tr of wrapper.findAll('tbody tr')) {
    const cells = tr.findAll('td').map((td) => td.text())
    rows[tr.get('th').text()] = [cells[0] ?? '', cells[1] ?? '']
  }
  return rows
}

describe('StatusTabCleanup', () => {
  it('runs the cleanups and shows the figures before and after', async () => {
    const urls = useObjectUrlsStore()
    const memory = useMemoryStore()
    urls.acquire(new Blob([new Uint8Array(300 * KB)]), 'strip')
    urls.acquire(new Blob([new Uint8Array(200 * KB)]), 'strip')
    memory.registerCleanup('thumbnails', () => void urls.releaseOwner('strip'))

    const wrapper = mount(StatusTabCleanup, { global: { plugins: [pinia] } })
    expect(wrapper.find('table').exists()).toBe(false)
    await wrapper.get('button').trigger('click')
    await flushPromises()

    const rows = rowsOf(wrapper)
    expect(rows['Live object URLs']).toEqual(['2', '0'])
    expect(rows['Object URL bytes']).toEqual(['500.0 KB', '0 B'])
    expect(rows['Memory held by the app']).toEqual(['500.0 KB', '0 B'])
    expect(rows['Memory level']?.[1]).toBe('0 %')
    expect(wrapper.get('caption').text()).toMatch(/^Clean-up at /)
    expect(memory.lastCleanup?.reason).toBe('manual')
    expect(urls.count).toBe(0)
  })

  it('names a cleanup that failed, after running the others', async () => {
    const urls = useObjectUrlsStore()
    const memory = useMemoryStore()
    urls.acquire(new Blob([new Uint8Array(10)]), 'viewer')
    memory.registerCleanup('image-worker', () => {
      throw new Error('worker would not stop')
    })
    memory.registerCleanup('viewer', () => void urls.releaseOwner('viewer'))

    const wrapper = mount(StatusTabCleanup, { global: { plugins: [pinia] } })
    await wrapper.get('button').trigger('click')
    await flushPromises()

    expect(wrapper.get('[role="alert"]').text()).toBe('These clean-ups failed: image-worker.')
    expect(rowsOf(wrapper)['Live object URLs']).toEqual(['1', '0'])
  })
})
