import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import MemoryMonitor from '@/components/memory/MemoryMonitor.vue'
import { useMemoryStore } from '@/stores/memory'
import { DEFAULT_MEMORY_CONFIG } from '@/types/frappe'

const MB = 1024 * 1024
let used = 0
let pinia: Pinia

beforeEach(() => {
  vi.useFakeTimers()
  pinia = createPinia()
  setActivePinia(pinia)
  used = 100 * MB
  Object.defineProperty(performance, 'memory', { configurable: true, get: () => ({ usedJSHeapSize: used, jsHeapSizeLimit: 1000 * MB }) })
})
afterEach(() => {
  Reflect.deleteProperty(performance, 'memory')
  vi.useRealTimers()
})

it('loads the thresholds, shows the banner when the heap crosses them, and stops when unmounted', async () => {
  const loadConfig = vi.fn(() => Promise.resolve({ ...DEFAULT_MEMORY_CONFIG, gc_threshold: 0.5, force_cleanup_threshold: 0.7 }))
  const wrapper = mount(MemoryMonitor, { props: { loadConfig }, global: { plugins: [pinia] } })
  await vi.advanceTimersByTimeAsync(0)
  expect(loadConfig).toHaveBeenCalledTimes(1)
  expect(wrapper.get('[role="status"]').text()).toBe('')

  used = 550 * MB
  await vi.advanceTimersByTimeAsync(2000)
  await nextTick()
  expect(wrapper.get('[role="status"]').text()).toBe('Memory is getting full (55 %). Send or remove pages before adding more.')

  wrapper.unmount()
  const memory = useMemoryStore()
  const samples = memory.history.length
  used = 990 * MB
  await vi.advanceTimersByTimeAsync(600_000)
  expect(memory.history).toHaveLength(samples)
  expect(memory.lastCleanup).toBeNull()
})

it('keeps the default thresholds and records why when the config cannot be loaded', async () => {
  const wrapper = mount(MemoryMonitor, {
    props: { loadConfig: () => Promise.reject(new Error('Network Error')) },
    global: { plugins: [pinia] },
  })
  await vi.advanceTimersByTimeAsync(0)
  const memory = useMemoryStore()
  expect(memory.configError).toBe('Using the default memory limits: Network Error')
  used = 550 * MB
  await vi.advanceTimersByTimeAsync(2000)
  await nextTick()
  expect(wrapper.get('[role="status"]').text()).toBe('')
  wrapper.unmount()
})
