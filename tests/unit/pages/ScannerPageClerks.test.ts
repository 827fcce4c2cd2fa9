import 'fake-indexeddb/auto'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import ScannerPage from '@/pages/ScannerPage.vue'
import { usePagesStore } from '@/stores/pages'
import { useScannerStore } from '@/stores/scanner'
import { useSessionStore } from '@/stores/session'
import { useSubmissionStore } from '@/stores/submission'
import { jpegFile } from '../support/fakeImageWorker'

vi.mock('@/workers/imageWorkerClient', () => import('../support/fakeImageWorker'))

let wrapper: VueWrapper | undefined

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
})
afterEach(() => {
  wrapper?.unmount()
  useSubmissionStore().stopAutoResume()
})

/** Opens the Scanner as `clerk` would after signing in on this device. */
async function openScannerAs(clerk: string): Promise<VueWrapper> {
  wrapper?.unmount()
  useSessionStore().user = { name: clerk, full_name: clerk, roles: [] }
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:any(.*)*', component: { template: '<div />' } }] })
  wrapper = mount(ScannerPage, { global: { plugins: [router] }, attachTo: document.body })
  await useScannerStore().open()
  await usePagesStore().whenIdle()
  await flushPromises()
  return wrapper
}

const stripNames = () => wrapper!.findAll('[aria-label="Pages"] > [role="listitem"]').map((item) => item.find('.name').text())

describe('two clerks sharing a device', () => {
  it('each come back to their own pages on the Scanner', async () => {
    await openScannerAs('anna@example.com')
    const annas = useScannerStore().draftId
    usePagesStore().addFiles([jpegFile('anna-receipt.jpg')], 'file')
    await usePagesStore().whenIdle()
    await flushPromises()
    expect(stripNames()).toEqual(['anna-receipt.jpg'])

    await openScannerAs('ben@example.com')
    expect(useScannerStore().draftId).not.toBe(annas)
    expect(stripNames()).toEqual([])
    expect(wrapper!.text()).toContain('No pages yet')

    await openScannerAs('anna@example.com')
    expect(useScannerStore().draftId).toBe(annas)
    expect(stripNames()).toEqual(['anna-receipt.jpg'])
  })
})
