import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import MemoryBanner from '@/components/memory/MemoryBanner.vue'
import { useMemoryStore } from '@/stores/memory'

const MB = 1024 * 1024
let used = 0
let pinia: Pinia

beforeEach(() => {
  pinia = createPinia()
  setActivePinia(pinia)
  used = 0
  Object.defineProperty(performance, 'memory', { configurable: true, get: () => ({ usedJSHeapSize: used, jsHeapSizeLimit: 1000 * MB }) })
})
afterEach(() => {
  Reflect.deleteProperty(performance, 'memory')
})

async function showAt(heapMb: number) {
  used = heapMb * MB
  useMemoryStore().sample()
  await nextTick()
}

describe('MemoryBanner', () => {
  it('shows nothing at ok, but keeps its live region in the page', async () => {
    const wrapper = mount(MemoryBanner, { global: { plugins: [pinia] } })
    await showAt(500)
    expect(wrapper.get('[role="status"]').text()).toBe('')
    expect(wrapper.find('.memory-banner').exists()).toBe(false)
  })

  it('at warning gives the figure and what to do', async () => {
    const wrapper = mount(MemoryBanner, { global: { plugins: [pinia] } })
    await showAt(850)
    const status = wrapper.get('[role="status"]')
    expect(status.text()).toBe('Memory is getting full (85 %). Send or remove pages before adding more.')
    expect(status.get('.memory-banner').attributes('data-level')).toBe('warning')
  })

  it('at critical says new captures are paused', async () => {
    const wrapper = mount(MemoryBanner, { global: { plugins: [pinia] } })
    await showAt(960)
    const status = wrapper.get('[role="status"]')
    expect(status.text()).toBe('Memory is nearly full (96 %). New captures are paused. Send or remove pages before adding more.')
    expect(status.get('.memory-banner').classes()).toContain('memory-banner--critical')
  })

  it('says the figure is an estimate where the browser does not report memory', async () => {
    Reflect.deleteProperty(performance, 'memory')
    const wrapper = mount(MemoryBanner, { global: { plugins: [pinia] } })
    const memory = useMemoryStore()
    memory.deviceMemoryGb = null
    memory.sample()
    memory.holdBytes('pages', 1700 * MB)
    await nextTick()
    const text = wrapper.get('[role="status"]').text()
    expect(text).toContain('Memory is getting full (about 83 %).')
    expect(text).toContain('the figure is an estimate')
  })
})
