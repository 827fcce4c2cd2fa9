import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import ScannerStorage from '@/components/scanner/ScannerStorage.vue'

let persist: ReturnType<typeof vi.fn>
let usage: number

beforeEach(() => {
  usage = 5 * 1024 ** 2
  persist = vi.fn(async () => false)
  vi.stubGlobal('navigator', { ...navigator, storage: { persist, estimate: async () => ({ usage, quota: 2 * 1024 ** 3 }) } })
})
afterEach(() => vi.unstubAllGlobals())

describe('ScannerStorage', () => {
  it('shows the estimate, refreshed as pages come, and asks for persistent storage once', async () => {
    const wrapper = mount(ScannerStorage, { props: { pageCount: 0, error: null } })
    await flushPromises()
    expect(wrapper.text()).toContain('Space used on this device: 5.0 MB of 2.0 GB')
    expect(wrapper.text()).toContain('the browser may clear it when space runs low')
    usage = 12.5 * 1024 ** 2
    await wrapper.setProps({ pageCount: 1 })
    await flushPromises()
    expect(wrapper.text()).toContain('Space used on this device: 12.5 MB of 2.0 GB')
    mount(ScannerStorage, { props: { pageCount: 1, error: null } })
    await flushPromises()
    expect(persist).toHaveBeenCalledTimes(1)
  })

  it('asks for the estimate at most every three seconds while pages arrive, and once more after the last', async () => {
    const estimate = vi.fn(async () => ({ usage, quota: 2 * 1024 ** 3 }))
    vi.stubGlobal('navigator', { ...navigator, storage: { persist, estimate } })
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    try {
      const wrapper = mount(ScannerStorage, { props: { pageCount: 0, error: null } })
      await flushPromises()
      expect(estimate).toHaveBeenCalledTimes(1)
      for (let count = 1; count <= 10; count++) {
        usage = count * 1024 ** 2
        await wrapper.setProps({ pageCount: count })
        vi.advanceTimersByTime(200)
      }
      await flushPromises()
      // Two seconds of pages: the first change asked at once, the rest wait for the next turn.
      expect(estimate).toHaveBeenCalledTimes(2)
      vi.advanceTimersByTime(3000)
      await flushPromises()
      expect(estimate).toHaveBeenCalledTimes(3)
      expect(wrapper.text()).toContain('Space used on this device: 10.0 MB of 2.0 GB')
    } finally {
      vi.useRealTimers()
    }
  })

  it('says so, as an alert, when the disk is full', () => {
    const message = 'The device storage is full, so this page was not saved.'
    const wrapper = mount(ScannerStorage, { props: { pageCount: 3, error: message } })
    expect(wrapper.get('[role="alert"]').text()).toBe(message)
  })
})
