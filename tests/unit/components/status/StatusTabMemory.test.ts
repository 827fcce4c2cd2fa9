import { createTestingPinia } from '@pinia/testing'
import { mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import StatusTabMemory from '@/components/status/StatusTabMemory.vue'
import { useMemoryStore, type MemorySample } from '@/stores/memory'

const MB = 1024 * 1024
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0)

function sampleAt(minutes: number, heapUsed: number | null, accountBytes = 0): MemorySample {
  return { at: T0 + minutes * 60_000, heapUsed, heapLimit: heapUsed === null ? null : 100 * MB, accountBytes, ratio: 0, level: 'ok' }
}

function render(memoryState: Record<string, unknown>) {
  const pinia = createTestingPinia({ createSpy: vi.fn, initialState: { memory: memoryState } })
  const wrapper = mount(StatusTabMemory, { global: { plugins: [pinia] } })
  return { wrapper, memory: useMemoryStore(pinia) }
}

function figure(wrapper: ReturnType<typeof render>['wrapper'], label: string): string {
  const item = wrapper.findAll('.status-figure').find((el) => el.get('dt').text() === label)
  if (!item) throw new Error(`no figure "${label}" in:\n${wrapper.text()}`)
  return item.get('dd').text()
}

describe('StatusTabMemory', () => {
  it('shows the JS heap used and its limit where the browser reports them', () => {
    const history = [sampleAt(0, 40 * MB), sampleAt(1, 50 * MB)]
    const { wrapper } = render({ heapSupported: true, heapUsed: 50 * MB, heapLimit: 100 * MB, history })
    // In the clerk's words first; the heap, its source and the chart under Details.
    expect(figure(wrapper, 'Memory used by this tab')).toBe('50.0 MB (of 100.0 MB)')
    expect(figure(wrapper, 'Room for more photos')).toBe('Plenty for more photos')
    const details = wrapper.get('details')
    expect(details.get('summary').text()).toBe('Details')
    expect(details.findAll('dt').map((dt) => dt.text())).toEqual(['JS heap used', 'JS heap limit', 'Source', 'Level', 'Last cleanup'])
    expect(details.find('svg[role="img"]').exists()).toBe(true)
    expect(figure(wrapper, 'JS heap used')).toBe('50.0 MB')
    expect(figure(wrapper, 'JS heap limit')).toBe('100.0 MB')
    expect(figure(wrapper, 'Source')).toBe('The browser’s JS heap (performance.memory)')
    expect(figure(wrapper, 'Level')).toBe('OK 50 %')
    expect(wrapper.get('svg[role="img"]').attributes('aria-label')).toBe(
      'JS heap used, last 10 minutes: 2 readings, lowest 40.0 MB, highest 50.0 MB, now 50.0 MB.',
    )
  })

  it('shows the warning and critical levels at the configured thresholds', () => {
    expect(figure(render({ heapSupported: true, heapUsed: 85 * MB, heapLimit: 100 * MB }).wrapper, 'Level')).toBe('Warning 85 %')
    expect(figure(render({ heapSupported: true, heapUsed: 95 * MB, heapLimit: 100 * MB }).wrapper, 'Level')).toBe('Critical 95 %')
    expect(figure(render({ heapSupported: true, heapUsed: 85 * MB, heapLimit: 100 * MB }).wrapper, 'Room for more photos')).toBe(
      'Getting full: send or delete pages soon',
    )
    expect(figure(render({ heapSupported: true, heapUsed: 95 * MB, heapLimit: 100 * MB }).wrapper, 'Room for more photos')).toBe(
      'Full: new photos wait until pages are sent or deleted',
    )
  })

  it('labels the figure as an estimate where the browser does not report its heap', () => {
    const history = [sampleAt(0, null, 3 * MB)]
    const { wrapper } = render({ heapSupported: false, heapUsed: null, heapLimit: null, history })
    expect(figure(wrapper, 'Memory used by this tab')).toBe(figure(wrapper, 'Memory held by the app'))
    expect(figure(wrapper, 'JS heap')).toBe('Not reported by this browser')
    expect(figure(wrapper, 'Source')).toBe('The app’s own accounting (this browser reports no JS heap)')
    expect(figure(wrapper, 'Level')).toMatch(/^OK about \d+ %$/)
    expect(wrapper.text()).toContain('Memory held by the app')
    expect(figure(wrapper, 'Memory held by the app')).toMatch(/\(estimate\)$/)
    expect(wrapper.text()).not.toContain('JS heap used')
    expect(wrapper.get('svg').attributes('aria-label')).toBe(
      'Estimated memory held, last 10 minutes: 1 reading, lowest 3.0 MB, highest 3.0 MB, now 3.0 MB.',
    )
  })

  it('says when the last cleanup ran, why, and the level before and after', () => {
    expect(figure(render({ heapSupported: true, heapUsed: MB, heapLimit: 100 * MB }).wrapper, 'Last cleanup')).toBe('None yet')
    const lastCleanup = { at: T0, reason: 'critical', before: 0.93, after: 0.41, failed: [] }
    const { wrapper } = render({ heapSupported: true, heapUsed: MB, heapLimit: 100 * MB, lastCleanup })
    expect(figure(wrapper, 'Last cleanup')).toMatch(/\(memory critical\): 93 % → 41 %$/)
    expect(wrapper.get('time').attributes('datetime')).toBe(new Date(T0).toISOString())
  })

  it('takes a first reading when the monitor has not sampled yet, and not otherwise', () => {
    expect(render({ history: [] }).memory.sample).toHaveBeenCalledTimes(1)
    expect(render({ history: [sampleAt(0, 1 * MB)] }).memory.sample).not.toHaveBeenCalled()
  })
})
