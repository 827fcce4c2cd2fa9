import { mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import InvoiceCombobox from '@/components/draft/InvoiceCombobox.vue'

interface Option {
  code: string
  name: string
}
const OPTIONS: Option[] = [
  { code: 'A', name: 'Apples' },
  { code: 'B', name: 'Bananas' },
  { code: 'C', name: 'Cherries' },
]

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

function mountBox(search = vi.fn(async (text: string) => OPTIONS.filter((o) => o.name.toLowerCase().includes(text.toLowerCase())))) {
  const wrapper = mount(InvoiceCombobox<Option>, {
    props: { modelValue: '', label: 'Fruit', search, optionKey: (o: Option) => o.code, optionLabel: (o: Option) => o.name },
    attachTo: document.body,
  })
  return { wrapper, search, input: wrapper.get('input[role="combobox"]') }
}

describe('InvoiceCombobox', () => {
  it('is labelled and controls a listbox, closed at first', () => {
    const { wrapper, input } = mountBox()
    expect(wrapper.get('label').text()).toBe('Fruit')
    expect(wrapper.get('label').attributes('for')).toBe(input.attributes('id'))
    expect(input.attributes('aria-expanded')).toBe('false')
    const listbox = wrapper.get('[role="listbox"]')
    expect(input.attributes('aria-controls')).toBe(listbox.attributes('id'))
    wrapper.unmount()
  })

  it('searches once typing pauses, then shows options with the first active', async () => {
    const { wrapper, input, search } = mountBox()
    await input.setValue('a')
    await input.setValue('an')
    expect(search).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(200)
    expect(search).toHaveBeenCalledTimes(1)
    expect(search).toHaveBeenCalledWith('an')
    const options = wrapper.findAll('[role="option"]')
    expect(options.map((o) => o.text())).toEqual(['Bananas'])
    expect(input.attributes('aria-expanded')).toBe('true')
    expect(input.attributes('aria-activedescendant')).toBe(options[0]!.attributes('id'))
    expect(wrapper.emitted('update:modelValue')).toEqual([['a'], ['an']])
    wrapper.unmount()
  })

  it('moves the active option with the arrow keys and chooses it with Enter', async () => {
    const { wrapper, input } = mountBox()
    await input.setValue('e')
    await vi.advanceTimersByTimeAsync(200)
    expect(wrapper.findAll('[role="option"]').map((o) => o.text())).toEqual(['Apples', 'Cherries'])
    await input.trigger('keydown', { key: 'ArrowDown' })
    const active = () => wrapper.find(`#${input.attributes('aria-activedescendant')}`)
    expect(active().text()).toBe('Cherries')
    expect(active().attributes('aria-selected')).toBe('true')
    await input.trigger('keydown', { key: 'ArrowDown' })
    expect(active().text()).toBe('Apples')
    await input.trigger('keydown', { key: 'ArrowUp' })
    await input.trigger('keydown', { key: 'Enter' })
    expect(wrapper.emitted('select')).toEqual([[OPTIONS[2]]])
    expect(input.attributes('aria-expanded')).toBe('false')
    wrapper.unmount()
  })

  it('closes on Escape and chooses with a click', async () => {
    const { wrapper, input } = mountBox()
    await input.setValue('b')
    await vi.advanceTimersByTimeAsync(200)
    await input.trigger('keydown', { key: 'Escape' })
    expect(input.attributes('aria-expanded')).toBe('false')
    await input.trigger('keydown', { key: 'ArrowDown' })
    expect(input.attributes('aria-expanded')).toBe('true')
    await wrapper.get('[role="option"]').trigger('mousedown')
    expect(wrapper.emitted('select')).toEqual([[OPTIONS[1]]])
    wrapper.unmount()
  })

  it('ignores a slow answer that arrives after a newer one', async () => {
    let resolveSlow: (value: Option[]) => void = () => {}
    const search = vi.fn((text: string) =>
      text === 'slow' ? new Promise<Option[]>((r) => (resolveSlow = r)) : Promise.resolve([OPTIONS[0]!]),
    )
    const { wrapper, input } = mountBox(search)
    await input.setValue('slow')
    await vi.advanceTimersByTimeAsync(200)
    await input.setValue('fast')
    await vi.advanceTimersByTimeAsync(200)
    resolveSlow([OPTIONS[2]!])
    await vi.advanceTimersByTimeAsync(0)
    expect(wrapper.findAll('[role="option"]').map((o) => o.text())).toEqual(['Apples'])
    wrapper.unmount()
  })

  it('shows an error linked to the input', () => {
    const wrapper = mount(InvoiceCombobox<Option>, {
      props: {
        modelValue: 'X',
        label: 'Fruit',
        search: async () => [],
        optionKey: (o: Option) => o.code,
        optionLabel: (o: Option) => o.name,
        error: 'Unknown item X',
      },
    })
    const input = wrapper.get('input')
    expect(input.attributes('aria-invalid')).toBe('true')
    expect(wrapper.get(`#${input.attributes('aria-describedby')}`).text()).toBe('Unknown item X')
  })
})
