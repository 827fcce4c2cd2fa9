import 'fake-indexeddb/auto'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import ScannerPage from '@/pages/ScannerPage.vue'
import { useMemoryStore } from '@/stores/memory'
import { usePagesStore } from '@/stores/pages'
import { useScannerStore } from '@/stores/scanner'
import { holdFile, jpegFile, pngFile } from '../support/fakeImageWorker'

vi.mock('@/workers/imageWorkerClient', () => import('../support/fakeImageWorker'))

let pinia: Pinia
let wrapper: VueWrapper

// Stores are taken from this test's own pinia, never the active one: a component from an earlier test that sets
// up late (an async child) makes its pinia the active one, and the test then changed a store the page never saw.
beforeEach(async () => {
  localStorage.clear()
  pinia = createPinia()
  setActivePinia(pinia)
  // happy-dom's <video> only takes its own MediaStream; the preview itself is the e2e test's business.
  vi.spyOn(HTMLMediaElement.prototype, 'srcObject', 'set').mockImplementation(() => undefined)
  // One camera that opens, so Take photo can be seen.
  const track = { stop: vi.fn(), getCapabilities: () => ({}), getSettings: () => ({ deviceId: 'cam' }) }
  vi.stubGlobal('navigator', {
    ...navigator,
    mediaDevices: {
      getUserMedia: async () => ({ getTracks: () => [track], getVideoTracks: () => [track] }),
      enumerateDevices: async () => [],
    },
  })
  wrapper = mount(ScannerPage, { global: { plugins: [pinia] }, attachTo: document.body })
  await useScannerStore(pinia).open()
})
afterEach(() => {
  wrapper.unmount()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

/** A file as the clerk picks it: photos with a real JPEG/PNG header (the image client checks it), or raw bytes. */
const file = (name: string, body = 'jpeg bytes', type = 'image/jpeg') => {
  if (body && type === 'image/jpeg') return jpegFile(name, body)
  if (body && type === 'image/png') return pngFile(name, body)
  return new File(body ? [body] : [], name, { type })
}

function addPhotosInput() {
  const label = wrapper.findAll('label').find((candidate) => candidate.text().startsWith('Add photos'))
  return label!.get('input[type="file"]')
}

async function choose(files: File[]) {
  const input = addPhotosInput()
  Object.defineProperty(input.element, 'files', { value: files, configurable: true })
  await input.trigger('change')
  await usePagesStore(pinia).whenIdle()
  await flushPromises()
}

const stripNames = () =>
  wrapper
    .findAll('[aria-label="Pages"] > [role="listitem"]')
    .map((item) => `${item.attributes('aria-label')}: ${item.find('.name').text()}`)

describe('ScannerPage', () => {
  it('says a full disk once, on the file that was not saved', async () => {
    const pages = usePagesStore(pinia)
    const full =
      'The device storage is full, so this page was not saved. Send or delete pages, or free up space on the device, then try again.'
    // As the store leaves it when saving a page hit the quota (tests/unit/stores/pages.test.ts).
    pages.failures = [{ id: 'f1', fileName: 'receipt.jpg', message: full, unkept: true }]
    pages.storageError = full
    await flushPromises()
    expect(wrapper.text().match(/storage is full/g)).toHaveLength(1)
    expect(wrapper.get('[aria-label="Files not added"]').text()).toContain('receipt.jpg: The device storage is full')
    // Once the row is dismissed, the storage line still says it until a page is saved again.
    await wrapper.get('button[aria-label="Dismiss message about receipt.jpg"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('.storage [role="alert"]').text()).toBe(full)
  })

  it('shows the progress of each file without the whole Scanner drawn again for every change of the queue', async () => {
    wrapper.unmount()
    let scannerUpdates = 0
    // Counts the Scanner page's own re-renders (not its children's): each one diffs every section of the page.
    const counting = {
      updated(this: { $options: { __name?: string } }) {
        if (this.$options.__name === 'ScannerPage') scannerUpdates += 1
      },
    }
    wrapper = mount(ScannerPage, { global: { plugins: [pinia], mixins: [counting] }, attachTo: document.body })
    await flushPromises()
    scannerUpdates = 0
    const release = holdFile('a.jpg')
    const input = addPhotosInput()
    Object.defineProperty(input.element, 'files', { value: [file('a.jpg'), file('b.jpg'), file('c.jpg')], configurable: true })
    await input.trigger('change')
    await vi.waitFor(() => expect(wrapper.get('.progress').text()).toContain('Processing 1 of 3: a.jpg'))
    expect(wrapper.get('.progress progress').attributes('value')).toBe('0')
    release()
    await usePagesStore(pinia).whenIdle()
    await flushPromises()
    expect(stripNames()).toEqual(['Page 1: a.jpg', 'Page 2: b.jpg', 'Page 3: c.jpg'])
    expect(wrapper.get('.progress').text()).toBe('')
    // A queue change alone (twice per file) does not draw the Scanner page again; a page arriving still does (the
    // page count, the camera's last page), so the count is compared around a queue change only.
    const before = scannerUpdates
    usePagesStore(pinia).jobs = [{ id: 'j', fileName: 'd.jpg', position: 1, state: 'processing' }]
    usePagesStore(pinia).batchTotal = 1
    await flushPromises()
    expect(wrapper.get('.progress').text()).toContain('Processing 1 of 1: d.jpg')
    expect(scannerUpdates).toBe(before)
  })

  it('offers Add photos for images and PDFs, several at a time', () => {
    const input = addPhotosInput()
    expect(input.attributes('accept')).toBe('image/*,application/pdf')
    expect(input.attributes('multiple')).toBeDefined()
    expect(input.attributes('disabled')).toBeUndefined()
  })

  it('adds chosen files as pages and names each file that failed beside the strip', async () => {
    await choose([file('one.jpg'), file('empty.jpg', ''), file('corrupt.jpg'), file('two.pdf', '%PDF-1.7', 'application/pdf')])
    expect(stripNames()).toEqual(['Page 1: one.jpg', 'Page 2: two.pdf'])
    expect(wrapper.findAll('[role="listitem"]')[1]!.find('.badge').text()).toBe('PDF')
    const failures = wrapper.get('[aria-label="Files not added"]')
    expect(failures.findAll('li').map((item) => item.text().replace(/\s*✕$/, ''))).toEqual([
      'empty.jpg: This file is empty (0 bytes).',
      "corrupt.jpg: This image is damaged and can't be read.",
    ])
  })

  it('adds pasted and dropped files', async () => {
    const paste = new Event('paste', { bubbles: true, cancelable: true })
    Object.defineProperty(paste, 'clipboardData', { value: { files: [file('pasted.png', 'png', 'image/png')] } })
    document.dispatchEvent(paste)
    await usePagesStore(pinia).whenIdle()

    const drop = new Event('drop', { bubbles: true, cancelable: true })
    Object.defineProperty(drop, 'dataTransfer', { value: { types: ['Files'], files: [file('dropped.jpg')] } })
    wrapper.get('.scanner').element.dispatchEvent(drop)
    await usePagesStore(pinia).whenIdle()
    await flushPromises()
    expect(stripNames()).toEqual(['Page 1: pasted.png', 'Page 2: dropped.jpg'])
    expect(usePagesStore(pinia).pages.map((page) => page.source)).toEqual(['paste', 'drop'])
  })

  it('disables capture with the reason while memory is critical, and refuses pastes with it', async () => {
    await wrapper
      .findAll('button')
      .find((button) => button.text() === 'Open camera')!
      .trigger('click')
    await flushPromises()
    const memory = useMemoryStore(pinia)
    memory.holdBytes('test', memory.budgetBytes * 2)
    await flushPromises()
    const reason = memory.refusalReason!
    expect(reason).toMatch(/Memory is nearly full/)

    const input = addPhotosInput()
    expect(input.attributes('disabled')).toBeDefined()
    expect(wrapper.get(`#${input.attributes('aria-describedby')}`).text()).toBe(reason)
    const takePhoto = wrapper.findAll('button').find((button) => button.text() === 'Take photo')!
    expect(takePhoto.attributes('disabled')).toBeDefined()
    expect(wrapper.get(`[id="${takePhoto.attributes('aria-describedby')}"]`).text()).toBe(reason)
    // Closed, the camera cannot be opened again, and says why.
    await wrapper
      .findAll('button')
      .find((button) => button.text() === 'Close camera')!
      .trigger('click')
    await flushPromises()
    const openCamera = wrapper.findAll('button').find((button) => button.text() === 'Open camera')!
    expect(openCamera.attributes('disabled')).toBeDefined()
    expect(wrapper.get(`[id="${openCamera.attributes('aria-describedby')}"]`).text()).toBe(reason)

    const paste = new Event('paste', { bubbles: true, cancelable: true })
    Object.defineProperty(paste, 'clipboardData', { value: { files: [file('late.png', 'png', 'image/png')] } })
    document.dispatchEvent(paste)
    await flushPromises()
    expect(stripNames()).toEqual([])
    expect(wrapper.get('[aria-label="Files not added"]').text()).toContain(`late.png: Not added: ${reason}`)

    memory.releaseBytes('test')
    await flushPromises()
    expect(addPhotosInput().attributes('disabled')).toBeUndefined()
  })
})
