import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick } from 'vue'
import MemoryBanner from '@/components/memory/MemoryBanner.vue'
import { useMemoryMonitor, type UseMemoryMonitorOptions, type UseMemoryMonitorReturn } from '@/composables/useMemoryMonitor'
import { useMemoryStore } from '@/stores/memory'
import { DEFAULT_MEMORY_CONFIG, type MemoryConfig } from '@/types/frappe'

const MB = 1024 * 1024
let used = 0
let heapReads = 0
let visibility: DocumentVisibilityState = 'visible'
let pinia: Pinia
let wrapper: VueWrapper | undefined

function stubHeap() {
  Object.defineProperty(performance, 'memory', {
    configurable: true,
    get: () => {
      heapReads += 1
      return { usedJSHeapSize: used, jsHeapSizeLimit: 1000 * MB }
    },
  })
}

function setVisibility(state: DocumentVisibilityState) {
  visibility = state
  document.dispatchEvent(new Event('visibilitychange'))
}

beforeEach(() => {
  vi.useFakeTimers()
  pinia = createPinia()
  setActivePinia(pinia)
  used = 100 * MB
  heapReads = 0
  visibility = 'visible'
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility })
  stubHeap()
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  Reflect.deleteProperty(performance, 'memory')
  Reflect.deleteProperty(document, 'visibilityState')
  vi.useRealTimers()
  vi.restoreAllMocks()
})

/** The app shell as it will be: the monitor, the banner and a capture control gated by the level. */
function mountShell(options: UseMemoryMonitorOptions = {}): { monitor: UseMemoryMonitorReturn } {
  let monitor!: UseMemoryMonitorReturn
  const Shell = defineComponent({
    setup() {
      monitor = useMemoryMonitor(options)
      const memory = useMemoryStore()
      return () =>
        h('main', [
          h(MemoryBanner),
          h('button', { type: 'button', disabled: !memory.canCapture, title: memory.refusalReason ?? undefined }, 'Take photo'),
        ])
    },
  })
  wrapper = mount(Shell, { global: { plugins: [pinia] } })
  return { monitor }
}

const banner = () => wrapper!.get('[role="status"]').text()
const takePhoto = () => wrapper!.get('button')

async function pollOnce() {
  await vi.advanceTimersByTimeAsync(2000)
  await nextTick()
}

describe('useMemoryMonitor', () => {
  it('samples on start and every 2 s while visible', async () => {
    mountShell()
    const memory = useMemoryStore()
    expect(memory.history).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(memory.history).toHaveLength(6)
  })

  it('crossing each threshold: warning banner, then critical cleanup once and captures refused, then allowed again', async () => {
    const { monitor } = mountShell()
    const memory = useMemoryStore()
    const cleanup = vi.fn()
    memory.registerCleanup('release off-screen thumbnails', cleanup)
    expect(banner()).toBe('')
    expect(takePhoto().attributes('disabled')).toBeUndefined()

    used = 810 * MB
    await pollOnce()
    expect(monitor.level.value).toBe('warning')
    expect(banner()).toBe('Memory is getting full (81 %). Send or remove pages before adding more.')
    expect(takePhoto().attributes('disabled')).toBeUndefined()
    expect(cleanup).not.toHaveBeenCalled()

    used = 930 * MB
    await pollOnce()
    expect(banner()).toContain('New captures are paused.')
    expect(takePhoto().attributes('disabled')).toBeDefined()
    expect(takePhoto().attributes('title')).toBe('Memory is nearly full (93 %). Send or remove pages before adding more.')
    expect(cleanup).toHaveBeenCalledTimes(1)
    expect(memory.lastCleanup?.reason).toBe('critical')

    // Still critical on the next polls: no second cleanup for the same crossing.
    await pollOnce()
    await pollOnce()
    expect(cleanup).toHaveBeenCalledTimes(1)

    used = 400 * MB
    await pollOnce()
    expect(banner()).toBe('')
    expect(takePhoto().attributes('disabled')).toBeUndefined()
    expect(takePhoto().attributes('title')).toBeUndefined()

    // A new crossing gets a new cleanup.
    used = 950 * MB
    await pollOnce()
    expect(cleanup).toHaveBeenCalledTimes(2)
  })

  it('pauses polling while the tab is hidden and resumes with a fresh reading', async () => {
    const { monitor } = mountShell()
    const memory = useMemoryStore()
    await pollOnce()
    expect(memory.history).toHaveLength(2)

    setVisibility('hidden')
    await nextTick()
    expect(monitor.isPolling.value).toBe(false)
    const readsWhenHidden = heapReads
    await vi.advanceTimersByTimeAsync(20_000)
    expect(memory.history).toHaveLength(2)
    expect(heapReads).toBe(readsWhenHidden)

    used = 850 * MB
    setVisibility('visible')
    await nextTick()
    expect(monitor.isPolling.value).toBe(true)
    expect(memory.history).toHaveLength(3)
    expect(banner()).toContain('(85 %)')
    await pollOnce()
    expect(memory.history).toHaveLength(4)
  })

  it('without performance.memory, the account alone crosses the threshold and the banner says it is an estimate', async () => {
    Reflect.deleteProperty(performance, 'memory')
    mountShell()
    const memory = useMemoryStore()
    memory.deviceMemoryGb = 4 // budget: min(2048, 4 × 1024 / 4) = 1024 MB
    const dropCaches = vi.fn(() => memory.releaseBytes('cache'))
    memory.registerCleanup('drop caches', dropCaches)
    expect(memory.estimateOnly).toBe(true)

    memory.holdBytes('pages', 600 * MB)
    memory.holdBytes('cache', 250 * MB)
    await pollOnce()
    expect(banner()).toContain('Memory is getting full (about 83 %).')
    expect(banner()).toContain('the figure is an estimate')

    memory.setDecodingPixels(12_000_000) // a 12 MP photo: 48 MB more, about 87.5 %
    memory.holdBytes('page-2', 60 * MB)
    // The account is live: captures are refused at once, before the next poll.
    expect(memory.level).toBe('critical')
    expect(memory.refusalReason).toBe('Memory is nearly full (about 93 %). Send or remove pages before adding more.')
    await vi.advanceTimersByTimeAsync(0)
    expect(dropCaches).toHaveBeenCalledTimes(1)
    expect(memory.lastCleanup).toMatchObject({ reason: 'critical', failed: [] })
    expect(memory.lastCleanup!.before).toBeGreaterThanOrEqual(0.9)
    // The cache is gone: the level falls and captures are allowed again.
    expect(memory.lastCleanup!.after).toBeLessThan(0.9)
    expect(memory.level).toBe('ok') // 600 + 60 + 46 MB of 1024 MB
    await nextTick()
    expect(banner()).toBe('')
    expect(takePhoto().attributes('disabled')).toBeUndefined()
  })

  it('cleans up every cleanup_interval seconds while enable_gc is on', async () => {
    const config: MemoryConfig = { ...DEFAULT_MEMORY_CONFIG, cleanup_interval: 60 }
    mountShell({ loadConfig: () => Promise.resolve(config) })
    const memory = useMemoryStore()
    const cleanup = vi.fn()
    memory.registerCleanup('drop caches', cleanup)
    await vi.advanceTimersByTimeAsync(0)
    expect(memory.configSource).toBe('server')

    await vi.advanceTimersByTimeAsync(59_000)
    expect(cleanup).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1_000)
    expect(cleanup).toHaveBeenCalledTimes(1)
    expect(memory.lastCleanup?.reason).toBe('interval')
    await vi.advanceTimersByTimeAsync(120_000)
    expect(cleanup).toHaveBeenCalledTimes(3)

    memory.applyConfig({ ...config, enable_gc: false })
    await nextTick()
    await vi.advanceTimersByTimeAsync(600_000)
    expect(cleanup).toHaveBeenCalledTimes(3)
  })

  it('uses the thresholds from the server once they arrive', async () => {
    mountShell({ loadConfig: () => Promise.resolve({ ...DEFAULT_MEMORY_CONFIG, gc_threshold: 0.3, force_cleanup_threshold: 0.6 }) })
    used = 350 * MB
    await pollOnce()
    expect(banner()).toBe('Memory is getting full (35 %). Send or remove pages before adding more.')
  })

  it('keeps the defaults and says why when the config cannot be loaded', async () => {
    const { monitor } = mountShell({ loadConfig: () => Promise.reject(new Error('You are offline.')) })
    await vi.advanceTimersByTimeAsync(0)
    expect(monitor.configError.value).toBe('Using the default memory limits: You are offline.')
    expect(useMemoryStore().config).toEqual(DEFAULT_MEMORY_CONFIG)
  })

  it('clears every timer when the scope ends', async () => {
    mountShell({ loadConfig: () => Promise.resolve({ ...DEFAULT_MEMORY_CONFIG, cleanup_interval: 10 }) })
    const memory = useMemoryStore()
    const cleanup = vi.fn()
    memory.registerCleanup('c', cleanup)
    await vi.advanceTimersByTimeAsync(0)
    const timers = vi.getTimerCount()
    wrapper!.unmount()
    wrapper = undefined
    // The poll and the periodic cleanup are gone.
    expect(vi.getTimerCount()).toBe(timers - 2)
    const samples = memory.history.length
    await vi.advanceTimersByTimeAsync(60_000)
    expect(memory.history).toHaveLength(samples)
    expect(cleanup).not.toHaveBeenCalled()
  })
})
