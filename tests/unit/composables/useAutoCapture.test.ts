import { describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref, shallowRef } from 'vue'
import { useAutoCapture } from '@/composables/useAutoCapture'
import type { LiveOutline } from '@/composables/useLiveOutline'
import type { Quad } from '@/lib/document/geometry'

const PAGE: Quad = [
  { x: 0.3, y: 0.1 },
  { x: 0.7, y: 0.1 },
  { x: 0.7, y: 0.9 },
  { x: 0.3, y: 0.9 },
]

function setup(enabledAtStart = true) {
  const outline = shallowRef<LiveOutline | null>(null)
  const enabled = ref(enabledAtStart)
  const capture = vi.fn()
  const scope = effectScope()
  const auto = scope.run(() => useAutoCapture({ outline, enabled, capture }))!
  /** One analysed frame at `at` ms. */
  const frame = async (at: number, corners: Quad | null = PAGE) => {
    outline.value = { corners, kind: corners ? 'found' : 'none', width: 320, height: 240, ms: 1, at }
    await nextTick()
  }
  return { auto, enabled, capture, frame, scope }
}

describe('useAutoCapture', () => {
  it('says Hold still while the outline holds, then takes the photo once', async () => {
    const { auto, capture, frame, scope } = setup()
    await frame(0)
    expect(auto.phase.value).toBe('holding')
    await frame(500)
    expect(capture).not.toHaveBeenCalled()
    await frame(1000)
    expect(auto.phase.value).toBe('capture')
    expect(capture).toHaveBeenCalledTimes(1)
    for (let at = 1250; at <= 6000; at += 250) await frame(at)
    expect(auto.phase.value).toBe('taken')
    expect(capture).toHaveBeenCalledTimes(1)
    scope.stop()
  })

  it('does nothing while switched off, and starts the hold afresh when switched on', async () => {
    const { auto, enabled, capture, frame, scope } = setup(false)
    for (let at = 0; at <= 2000; at += 250) await frame(at)
    expect(auto.phase.value).toBe('searching')
    expect(capture).not.toHaveBeenCalled()
    enabled.value = true
    await frame(2250)
    expect(auto.phase.value).toBe('holding')
    await frame(3000)
    expect(capture).not.toHaveBeenCalled()
    enabled.value = false
    await nextTick()
    expect(auto.phase.value).toBe('searching')
    await frame(3500)
    expect(capture).not.toHaveBeenCalled()
    scope.stop()
  })
})
