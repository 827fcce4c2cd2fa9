import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { useLiveOutline } from '@/composables/useLiveOutline'
import type { Quad } from '@/lib/document/geometry'
import { useMemoryStore } from '@/stores/memory'
import { DEFAULT_MEMORY_CONFIG } from '@/types/frappe'
import type { OutlineParams, OutlineResult } from '@/workers/outlineJobs'
import { InProcessWorker } from '../workers/inProcessWorker'

const CORNERS: Quad = [
  { x: 0.25, y: 0.1 },
  { x: 0.75, y: 0.1 },
  { x: 0.75, y: 0.9 },
  { x: 0.25, y: 0.9 },
]

/** A VideoFrame as far as the composable sees it: made from the video, closed once. */
class FakeVideoFrame {
  static made = 0
  closed = false
  constructor() {
    FakeVideoFrame.made++
  }
  close(): void {
    this.closed = true
  }
}

let calls: OutlineParams[]
let worker: InProcessWorker | null

function outlineJob(params: OutlineParams): Promise<OutlineResult> {
  calls.push(params)
  params.frame.close()
  return Promise.resolve({ corners: CORNERS, kind: 'found', width: 320, height: 240, ms: 1 })
}

const video = { readyState: 4, videoWidth: 640, videoHeight: 480 } as HTMLVideoElement

function setup() {
  const active = ref(true)
  const scope = effectScope()
  const live = scope.run(() =>
    useLiveOutline({
      video,
      active,
      intervalMs: 5,
      createWorker: () => (worker = new InProcessWorker({ outline: outlineJob })) as unknown as Worker,
    }),
  )!
  return { active, scope, live }
}

/** Waits long enough for several frames at a 5 ms interval. */
const aWhile = () => new Promise((resolve) => setTimeout(resolve, 60))

beforeEach(() => {
  setActivePinia(createPinia())
  calls = []
  worker = null
  FakeVideoFrame.made = 0
  vi.stubGlobal('VideoFrame', FakeVideoFrame)
  vi.stubGlobal('OffscreenCanvas', class {})
  // Only feature-detected: the worker itself is the in-process one given as createWorker.
  vi.stubGlobal('Worker', class {})
  vi.stubGlobal('createImageBitmap', () => Promise.reject(new Error('not used where VideoFrame exists')))
})

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('useLiveOutline', () => {
  it('sends frame after frame of the open camera to the worker, one at a time, and shows the corners found', async () => {
    const { live, scope } = setup()
    expect(live.isSupported).toBe(true)
    await vi.waitFor(() => expect(live.outline.value?.corners).toEqual(CORNERS))
    await vi.waitFor(() => expect(calls.length).toBeGreaterThan(2))
    expect(calls[0]!.maxSide).toBe(320)
    expect(calls.every((call) => call.frame instanceof FakeVideoFrame && (call.frame as unknown as FakeVideoFrame).closed)).toBe(true)
    // Never overlapping: each frame is made only after the previous answer.
    expect(FakeVideoFrame.made - calls.length).toBeLessThanOrEqual(1)
    expect(useMemoryStore().heldBlobBytes).toBeGreaterThan(0)
    scope.stop()
    expect(worker?.terminated).toBe(true)
    expect(useMemoryStore().heldBlobBytes).toBe(0)
  })

  it('stops when the camera closes, clears the outline and ends the worker', async () => {
    const { active, live, scope } = setup()
    await vi.waitFor(() => expect(live.outline.value).not.toBeNull())
    active.value = false
    await nextTick()
    expect(live.outline.value).toBeNull()
    expect(live.running.value).toBe(false)
    expect(worker?.terminated).toBe(true)
    const made = FakeVideoFrame.made
    await aWhile()
    expect(FakeVideoFrame.made).toBe(made)
    scope.stop()
  })

  it('pauses while memory is at gc_threshold or above, says so, and goes on once it is back', async () => {
    const { live, scope } = setup()
    await vi.waitFor(() => expect(live.outline.value).not.toBeNull())
    const memory = useMemoryStore()
    memory.applyConfig({ ...DEFAULT_MEMORY_CONFIG, max_memory_mb: 100 })
    memory.holdBytes('pages', 90 * 1024 * 1024)
    await nextTick()
    expect(memory.level).not.toBe('ok')
    expect(live.pausedForMemory.value).toBe(true)
    expect(live.outline.value).toBeNull()
    const made = FakeVideoFrame.made
    await aWhile()
    expect(FakeVideoFrame.made).toBe(made)

    memory.releaseBytes('pages')
    await nextTick()
    expect(live.pausedForMemory.value).toBe(false)
    await vi.waitFor(() => expect(live.outline.value).not.toBeNull())
    scope.stop()
  })

  it('stops while the tab is hidden', async () => {
    const { live, scope } = setup()
    await vi.waitFor(() => expect(live.outline.value).not.toBeNull())
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true })
    document.dispatchEvent(new Event('visibilitychange'))
    await nextTick()
    expect(live.running.value).toBe(false)
    expect(live.outline.value).toBeNull()
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true })
    document.dispatchEvent(new Event('visibilitychange'))
    await vi.waitFor(() => expect(live.outline.value).not.toBeNull())
    scope.stop()
  })
})
