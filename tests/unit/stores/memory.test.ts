import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, shallowRef } from 'vue'
import { useObjectUrl } from '@/composables/useObjectUrl'
import { useMemoryStore, MEMORY_HISTORY_MS } from '@/stores/memory'
import { useObjectUrlsStore } from '@/stores/objectUrls'
import { DEFAULT_MEMORY_CONFIG } from '@/types/frappe'

const MB = 1024 * 1024
const heap = { usedJSHeapSize: 10 * MB, jsHeapSizeLimit: 1000 * MB }

function stubHeap(present: boolean) {
  if (present) Object.defineProperty(performance, 'memory', { configurable: true, get: () => ({ ...heap }) })
  else Reflect.deleteProperty(performance, 'memory')
}

beforeEach(() => {
  setActivePinia(createPinia())
  heap.usedJSHeapSize = 10 * MB
  stubHeap(true)
  vi.spyOn(URL, 'createObjectURL').mockImplementation(() => `blob:http://localhost/${Math.random()}`)
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined)
})
afterEach(() => {
  stubHeap(false)
  vi.restoreAllMocks()
})

describe('useMemoryStore', () => {
  it('starts from the default config and reads the heap on sample()', () => {
    const memory = useMemoryStore()
    expect(memory.config).toEqual(DEFAULT_MEMORY_CONFIG)
    expect(memory.configSource).toBe('default')
    heap.usedJSHeapSize = 500 * MB
    const s = memory.sample(1000)
    expect(s).toMatchObject({ at: 1000, heapUsed: 500 * MB, heapLimit: 1000 * MB, ratio: 0.5, level: 'ok' })
    expect(memory.heapSupported).toBe(true)
    expect(memory.estimateOnly).toBe(false)
    expect(memory.latest).toEqual(s)
    expect(memory.figure).toBe('50 %')
  })

  it('warns at gc_threshold and refuses captures at force_cleanup_threshold, with the reason', () => {
    const memory = useMemoryStore()
    heap.usedJSHeapSize = 820 * MB
    memory.sample()
    expect(memory.level).toBe('warning')
    expect(memory.canCapture).toBe(true)
    expect(memory.refusalReason).toBeNull()
    expect(memory.warningText).toBe('Memory is getting full (82 %). Send or remove pages before adding more.')

    heap.usedJSHeapSize = 935 * MB
    memory.sample()
    expect(memory.level).toBe('critical')
    expect(memory.canCapture).toBe(false)
    expect(memory.refusalReason).toBe('Memory is nearly full (93 %). Send or remove pages before adding more.')
    expect(memory.warningText).toContain('New captures are paused.')

    heap.usedJSHeapSize = 300 * MB
    memory.sample()
    expect(memory.level).toBe('ok')
    expect(memory.canCapture).toBe(true)
    expect(memory.warningText).toBeNull()
  })

  it('counts held Blobs, live object URLs and decoding pixels against the budget, live', () => {
    const memory = useMemoryStore()
    memory.applyConfig({ ...DEFAULT_MEMORY_CONFIG, max_memory_mb: 100 })
    memory.deviceMemoryGb = null
    memory.sample()
    expect(memory.budgetBytes).toBe(100 * MB)

    memory.holdBytes('page-1', 30 * MB)
    memory.holdBytes('page-1', 30 * MB) // the same page held twice is counted once
    memory.holdBytes('page-2', 20 * MB)
    expect(memory.heldBlobBytes).toBe(50 * MB)

    useObjectUrlsStore().acquire(new Blob([new Uint8Array(10 * MB)]), 'strip')
    expect(memory.objectUrlBytes).toBe(10 * MB)

    memory.setDecodingPixels(5 * MB) // 5 Mpx × 4 bytes = 20 MB
    expect(memory.accountBytes).toBe(80 * MB)
    expect(memory.level).toBe('warning')

    memory.setDecodingPixels(3 * MB) // 50 + 10 + 12 MB = 72 %
    expect(memory.level).toBe('ok')
    memory.holdBytes('page-3', 20 * MB) // 92 %
    expect(memory.level).toBe('critical')
    expect(memory.canCapture).toBe(false)

    memory.releaseBytes('page-3')
    memory.releaseBytes('page-2')
    memory.setDecodingPixels(0)
    expect(memory.accountBytes).toBe(40 * MB)
    expect(memory.canCapture).toBe(true)
  })

  it('takes a quarter of navigator.deviceMemory as the budget when that is smaller', () => {
    const memory = useMemoryStore()
    memory.deviceMemoryGb = 2
    expect(memory.budgetBytes).toBe(512 * MB)
    memory.holdBytes('pages', 470 * MB)
    expect(memory.level).toBe('critical')
  })

  it('says the figure is an estimate where performance.memory is missing', () => {
    stubHeap(false)
    const memory = useMemoryStore()
    memory.deviceMemoryGb = null
    memory.sample()
    expect(memory.heapSupported).toBe(false)
    expect(memory.estimateOnly).toBe(true)
    expect(memory.heapUsed).toBeNull()
    memory.holdBytes('pages', 1900 * MB)
    expect(memory.figure).toBe('about 92 %')
    expect(memory.refusalReason).toBe('Memory is nearly full (about 92 %). Send or remove pages before adding more.')
  })

  it('applies the server config and keeps defaults for bad values', () => {
    const memory = useMemoryStore()
    memory.applyConfig({
      enable_gc: false,
      gc_threshold: 0.5,
      force_cleanup_threshold: 7,
      max_memory_mb: -3,
      cleanup_interval: 60,
      batch_size: 10,
    })
    expect(memory.config).toEqual({
      enable_gc: false,
      gc_threshold: 0.5,
      force_cleanup_threshold: 0.9,
      max_memory_mb: 2048,
      cleanup_interval: 60,
      batch_size: 10,
    })
    expect(memory.configSource).toBe('server')
  })

  it('keeps ten minutes of history', () => {
    const memory = useMemoryStore()
    memory.sample(0)
    memory.sample(MEMORY_HISTORY_MS - 1)
    memory.sample(MEMORY_HISTORY_MS + 1)
    expect(memory.history.map((s) => s.at)).toEqual([MEMORY_HISTORY_MS - 1, MEMORY_HISTORY_MS + 1])
  })

  it('runs every registered cleanup, records before and after, and survives one that fails', async () => {
    const memory = useMemoryStore()
    memory.deviceMemoryGb = null
    memory.holdBytes('cache', 1900 * MB)
    const order: string[] = []
    memory.registerCleanup('drop caches', () => {
      order.push('drop caches')
      memory.releaseBytes('cache')
    })
    memory.registerCleanup('restart worker', async () => {
      order.push('restart worker')
      throw new Error('worker would not stop')
    })
    const unregister = memory.registerCleanup('never', () => {
      order.push('never')
    })
    unregister()
    vi.spyOn(console, 'error').mockImplementation(() => undefined)

    const record = await memory.cleanUp('critical')
    expect(order).toEqual(['drop caches', 'restart worker'])
    expect(record.reason).toBe('critical')
    expect(record.before).toBeGreaterThan(0.9)
    expect(record.after).toBeLessThan(0.1)
    expect(record.failed).toEqual(['restart worker'])
    expect(memory.lastCleanup).toEqual(record)
    expect(memory.cleaning).toBe(false)
    expect(memory.cleanupNames()).toEqual(['drop caches', 'restart worker'])
  })

  it('measures after components have let go of the URLs a cleanup asked them to drop', async () => {
    const memory = useMemoryStore()
    memory.deviceMemoryGb = null
    memory.applyConfig({ ...DEFAULT_MEMORY_CONFIG, max_memory_mb: 10 })
    const thumb = shallowRef<Blob | null>(new Blob([new Uint8Array(9.5 * MB)]))
    const scope = effectScope()
    scope.run(() => useObjectUrl(thumb, { owner: 'scanner-thumbnails' }))
    expect(memory.level).toBe('critical')
    memory.registerCleanup('offscreen-thumbnails', () => {
      thumb.value = null
    })
    const record = await memory.cleanUp('critical')
    expect(record.before).toBeCloseTo(0.95)
    expect(record.after).toBeCloseTo(0.01) // only the stubbed 10 MB heap of 1000 MB is left
    expect(memory.accountBytes).toBe(0)
    expect(useObjectUrlsStore().count).toBe(0)
    expect(memory.canCapture).toBe(true)
    scope.stop()
  })

  it('joins a cleanup that is already running instead of running twice', async () => {
    const memory = useMemoryStore()
    let calls = 0
    let finish!: () => void
    memory.registerCleanup('slow', () => {
      calls += 1
      return new Promise<void>((resolve) => (finish = resolve))
    })
    const first = memory.cleanUp('critical')
    const second = memory.cleanUp('interval')
    expect(memory.cleaning).toBe(true)
    finish()
    expect(await second).toBe(await first)
    expect(calls).toBe(1)
  })

  it('a stale unregister does not remove a newer cleanup of the same name', () => {
    const memory = useMemoryStore()
    const off = memory.registerCleanup('thumbs', () => undefined)
    memory.registerCleanup('thumbs', () => undefined)
    off()
    expect(memory.cleanupNames()).toEqual(['thumbs'])
  })
})
