import { mount } from '@vue/test-utils'
import { createTestingPinia } from '@pinia/testing'
import { describe, expect, it, vi } from 'vitest'
import InvoiceHeaderForm from '@/components/draft/InvoiceHeaderForm.vue'
import ScannerReading from '@/components/scanner/ScannerReading.vue'

const header = {
  supplier: 'Hornbach',
  supplier_name: 'Hornbach',
  bill_no: '',
  bill_date: '2016-09-23',
  posting_date: '2026-12-07',
  currency: 'EUR',
  document_total: '152.00',
}

function form(props: Record<string, unknown> = {}) {
  return mount(InvoiceHeaderForm, {
    props: { header, errors: {}, duplicateOf: null, ...props },
    global: { plugins: [createTestingPinia({ createSpy: vi.fn })], stubs: { RouterLink: true } },
  })
}

describe('InvoiceHeaderForm with read values', () => {
  it('shows Document total in the invoice currency and emits what the clerk types', async () => {
    const wrapper = form()
    const input = wrapper.get('#invoice-document-total')
    expect(wrapper.get('label[for="invoice-document-total"]').text()).toBe('Document total')
    expect((input.element as HTMLInputElement).value).toBe('152.00')
    expect(wrapper.text()).toContain('EUR')
    await input.setValue('150,00')
    expect(wrapper.emitted('change')).toEqual([[{ document_total: '150,00' }]])
  })

  it('notes under each filled field the page text it came from, as text and never as HTML', () => {
    const wrapper = form({ readSources: { bill_date: 'Datum 23.09.16', document_total: '<b>SUMME</b> 152,00' } })
    const notes = wrapper.findAll('.read-note').map((note) => note.text())
    expect(notes).toEqual(['From the page: Datum 23.09.16', 'From the page: <b>SUMME</b> 152,00'])
    expect(wrapper.find('.read-note b').exists()).toBe(false)
  })

  it('says when the lines add up to something else, and offers a suggested supplier', async () => {
    const wrapper = form({
      totalNote: 'The lines add up to 150.00, 2.00 less than the document total.',
      suggestion: { label: 'Lidl', source: 'LDL' },
    })
    expect(wrapper.get('.total-note').text()).toContain('2.00 less')
    await wrapper.get('button.link').trigger('click')
    expect(wrapper.emitted('acceptSuggestion')).toHaveLength(1)
  })
})

describe('ScannerReading', () => {
  it('shows the status line with Stop while reading, and the text of a page on demand', async () => {
    const wrapper = mount(ScannerReading, { props: { statusText: 'Reading page 1…', pages: [{ number: 1, text: 'SUMME <i>152,00</i>' }] } })
    expect(wrapper.get('[role="status"]').text()).toContain('Reading page 1…')
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Stop reading')!
      .trigger('click')
    expect(wrapper.emitted('stop')).toHaveLength(1)
    expect(wrapper.find('pre').exists()).toBe(false)
    await wrapper
      .findAll('button')
      .find((b) => b.text().startsWith('Show text'))!
      .trigger('click')
    expect(wrapper.get('pre').text()).toBe('SUMME <i>152,00</i>')
    expect(wrapper.find('pre i').exists()).toBe(false)
  })
})
