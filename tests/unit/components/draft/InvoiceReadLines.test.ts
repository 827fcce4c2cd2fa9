import 'fake-indexeddb/auto'
import { flushPromises, mount } from '@vue/test-utils'
import { createTestingPinia } from '@pinia/testing'
import { describe, expect, it, vi } from 'vitest'
import InvoiceReadLines from '@/components/draft/InvoiceReadLines.vue'
import { useDraftStore } from '@/stores/draft'
import { usePagesStore } from '@/stores/pages'
import { useReadingStore } from '@/stores/reading'
import type { PageMeta } from '@/stores/pages'
import { ALDI_ITEM_LINES } from '../../lib/reading/aldiReceipt'

vi.mock('@/workers/imageWorkerClient', () => import('../../support/fakeImageWorker'))

const RECEIPT = ['ALDI SÜD', ...ALDI_ITEM_LINES].join('\n')

/** The Read lines action with page 1 read as `text` (null: not read yet). */
function mountWithText(text: string | null, documentTotal = '3.43') {
  const wrapper = mount(InvoiceReadLines, {
    global: { plugins: [createTestingPinia({ createSpy: vi.fn, stubActions: false })] },
    attachTo: document.body,
  })
  const pages = usePagesStore()
  pages.pages = [{ id: 'page-1', kind: 'image' } as PageMeta]
  if (text !== null) useReadingStore().texts.set('page-1', text)
  useDraftStore().header.document_total = documentTotal
  return wrapper
}

const button = (wrapper: ReturnType<typeof mount>, name: RegExp) => {
  const found = wrapper.findAll('button').find((b) => name.test(b.text()))
  if (!found) throw new Error(`no button ${name}`)
  return found
}

describe('Read lines', () => {
  it('is offered only once page 1 has been read', async () => {
    const wrapper = mountWithText(null)
    await flushPromises()
    expect(wrapper.findAll('button').some((b) => b.text() === 'Read lines')).toBe(false)
    useReadingStore().texts.set('page-1', RECEIPT)
    await flushPromises()
    expect(button(wrapper, /^Read lines$/).exists()).toBe(true)
  })

  it('proposes the lines found, each checked, with their sum against the page total, and adds the checked ones in one step', async () => {
    const wrapper = mountWithText(RECEIPT)
    await flushPromises()
    await button(wrapper, /^Read lines$/).trigger('click')
    const dialog = wrapper.get('dialog')
    const boxes = dialog.findAll('input[type="checkbox"]')
    expect(boxes.map((b) => b.attributes('aria-label'))).toEqual([
      'Add line 1: Milch 1,5% 1L',
      'Add line 2: Mineralwasser 1,5L',
      'Add line 3: Pfand',
      'Add line 4: Bananen',
    ])
    expect(boxes.every((b) => (b.element as HTMLInputElement).checked)).toBe(true)
    expect(dialog.get('[role="status"]').text()).toBe('The checked lines add up to 3.43, the total printed on the page.')

    // The clerk leaves the deposit out and corrects a misread amount.
    await boxes[2]!.setValue(false)
    await dialog.get('[aria-label="Amount, read line 1"]').setValue('1,29')
    expect(dialog.get('[role="status"]').text()).toBe("The checked lines add up to 3.03; the page's total is 3.43.")
    await button(wrapper, /^Add 3 lines$/).trigger('click')

    expect(wrapper.find('dialog').exists()).toBe(false)
    expect(useDraftStore().lines.map(({ item_code, item_name, qty, rate, uom }) => ({ item_code, item_name, qty, rate, uom }))).toEqual([
      { item_code: '', item_name: 'Milch 1,5% 1L', qty: '1', rate: '1.29', uom: '' },
      { item_code: '', item_name: 'Mineralwasser 1,5L', qty: '2', rate: '0.19', uom: '' },
      { item_code: '', item_name: 'Bananen', qty: '0.456', rate: '2.99', uom: 'kg' },
    ])
    expect(wrapper.get('[role="status"]').text()).toBe('Added 3 lines from the page: choose the Item of each.')
  })

  it('refuses a checked line without a quantity, and adds nothing when cancelled', async () => {
    const wrapper = mountWithText(RECEIPT)
    await flushPromises()
    await button(wrapper, /^Read lines$/).trigger('click')
    await wrapper.get('[aria-label="Qty, read line 2"]').setValue('')
    expect(wrapper.get('[role="alert"]').text()).toBe('A checked line needs a quantity and an amount above 0.')
    expect(button(wrapper, /^Add 4 lines$/).attributes('disabled')).toBeDefined()
    await button(wrapper, /^Cancel$/).trigger('click')
    expect(wrapper.find('dialog').exists()).toBe(false)
    expect(useDraftStore().lines).toEqual([])
  })

  it('says so when the page has no item lines, instead of an empty dialog', async () => {
    const wrapper = mountWithText('Dear customer,\nthank you.')
    await flushPromises()
    await button(wrapper, /^Read lines$/).trigger('click')
    expect(wrapper.find('dialog').exists()).toBe(false)
    expect(wrapper.get('[role="status"]').text()).toBe('No item lines were found in the text read from page 1.')
  })
})
