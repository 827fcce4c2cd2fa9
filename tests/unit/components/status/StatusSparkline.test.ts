import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import StatusSparkline from '@/components/status/StatusSparkline.vue'
import { formatMegabytes } from '@/lib/formatBytes'

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0)
const format = (n: number) => formatMegabytes(n)

describe('StatusSparkline', () => {
  it('draws the line and says what it shows in the chart’s label', () => {
    const wrapper = mount(StatusSparkline, {
      props: {
        label: 'Server resident memory',
        format,
        samples: [
          { at: T0, value: 100 },
          { at: T0 + 60_000, value: 300 },
          { at: T0 + 120_000, value: 200 },
        ],
      },
    })
    const svg = wrapper.get('svg[role="img"]')
    expect(svg.attributes('aria-label')).toBe(
      'Server resident memory, last 10 minutes: 3 readings, lowest 100.0 MB, highest 300.0 MB, now 200.0 MB.',
    )
    const d = wrapper.get('path').attributes('d') ?? ''
    // Three points, the highest (second) at the top edge.
    expect(d.match(/[ML]/g)).toHaveLength(3)
    expect(d).toMatch(/L[\d.]+,0L/)
    // The newest reading is marked at the right edge of the drawing area.
    expect(wrapper.get('circle').attributes('cx')).toBe(d.split('L').at(-1)?.split(',')[0])
  })

  it('says there are no readings yet and draws no line before the first sample', () => {
    const wrapper = mount(StatusSparkline, { props: { label: 'JS heap used', format, samples: [] } })
    expect(wrapper.get('svg').attributes('aria-label')).toBe('JS heap used, last 10 minutes: no readings yet.')
    expect(wrapper.find('path').exists()).toBe(false)
    expect(wrapper.find('circle').exists()).toBe(false)
  })

  it('follows new samples as they arrive', async () => {
    const wrapper = mount(StatusSparkline, { props: { label: 'JS heap used', format, samples: [{ at: T0, value: 1 }] } })
    expect(wrapper.get('svg').attributes('aria-label')).toContain('1 reading,')
    await wrapper.setProps({
      samples: [
        { at: T0, value: 1 },
        { at: T0 + 1000, value: 2 },
      ],
    })
    expect(wrapper.get('svg').attributes('aria-label')).toContain('2 readings, lowest 1.0 MB, highest 2.0 MB, now 2.0 MB')
  })
})
