import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import SubmissionProgress from '@/components/draft/SubmissionProgress.vue'

describe('SubmissionProgress', () => {
  it('moves with the bytes of the page being sent', () => {
    const wrapper = mount(SubmissionProgress, { props: { report: { text: 'Page 2 of 4, 60 %', fraction: 0.4, waiting: false } } })
    expect(wrapper.get('progress').attributes('value')).toBe('0.4')
    expect(wrapper.get('[role="status"]').text()).toBe('Page 2 of 4, 60 %')
    expect(wrapper.findAll('progress')).toHaveLength(1)
  })

  it('shows a moving (indeterminate) bar while only the server’s answer is awaited', () => {
    const wrapper = mount(SubmissionProgress, { props: { report: { text: 'Page 2 of 4, 100 %', fraction: 0.5, waiting: true } } })
    const waiting = wrapper.get('progress[aria-label="Waiting for the server’s answer"]')
    // No value: the browser draws it as busy rather than as a bar stuck at one place.
    expect(waiting.attributes('value')).toBeUndefined()
    expect(wrapper.text()).toContain('Waiting for the server’s answer…')
  })

  it('says when it tries again, and no waiting bar then', () => {
    const wrapper = mount(SubmissionProgress, { props: { report: { text: 'Lines 1–50 of 230', fraction: 0, retryInMs: 6500 } } })
    expect(wrapper.get('[role="status"]').text()).toBe('Lines 1–50 of 230, trying again in 7 s')
    expect(wrapper.findAll('progress')).toHaveLength(1)
  })
})
