import { createTestingPinia } from '@pinia/testing'
import { mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import SubmissionSuccess from '@/components/draft/SubmissionSuccess.vue'

const router = () => createRouter({ history: createMemoryHistory(), routes: [{ path: '/:any(.*)', component: { render: () => null } }] })

function sent(lines: number, pages: number) {
  const result = {
    draftId: 'd1',
    invoice: 'ACC-PINV-2026-00001',
    grandTotal: 9.98,
    currency: 'EUR',
    supplierName: 'Marktkauf',
    billNo: '7609',
    lines,
    pages,
  }
  return mount(SubmissionSuccess, { props: { result }, global: { plugins: [router(), createTestingPinia({ createSpy: vi.fn })] } })
}

describe('SubmissionSuccess', () => {
  it('counts the lines and pages sent in words that agree with the number', () => {
    expect(sent(1, 1).findAll('p')[0]!.text()).toBe('ACC-PINV-2026-00001 for Marktkauf, Bill No 7609: 1 line, 1 page.')
    expect(sent(3, 2).findAll('p')[0]!.text()).toBe('ACC-PINV-2026-00001 for Marktkauf, Bill No 7609: 3 lines, 2 pages.')
  })
})
