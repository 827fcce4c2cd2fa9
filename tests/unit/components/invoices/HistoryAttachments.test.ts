import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { configureClient } from '@/api/client'
import HistoryAttachments from '@/components/invoices/HistoryAttachments.vue'
import { useObjectUrlsStore } from '@/stores/objectUrls'
import type { FrappeFile } from '@/types/frappe'
import { installFakeHttp, resetClient, type FakeHttp } from '../../api/fakeHttp'
import { jpegFile } from '../../support/fakeImageWorker'

// The fake worker behind the real client hands back what it was given; the real worker's 320 px thumbnail is checked in Chromium.
vi.mock('@/workers/imageWorkerClient', () => import('../../support/fakeImageWorker'))

const file = (name: string, fileUrl: string): FrappeFile => ({
  name,
  file_name: fileUrl.split('/').pop()!,
  file_url: fileUrl,
  file_size: 3,
  content_hash: name,
  attached_to_doctype: 'Purchase Invoice',
  attached_to_name: 'ACC-PINV-2026-00001',
  is_private: 1,
})
const FILES = [
  file('f1', '/private/files/page-1.jpg'),
  file('f2', '/private/files/page-2.jpg'),
  file('f3', 'https://cdn.example.com/elsewhere.jpg'),
]

let fake: FakeHttp
beforeEach(() => {
  resetClient(configureClient)
  setActivePinia(createPinia())
  fake = installFakeHttp()
})
afterEach(() => fake.restore())

const images = (wrapper: ReturnType<typeof mount>) => wrapper.findAll('img').map((img) => img.attributes('src'))

describe('HistoryAttachments', () => {
  it('makes each backend page a thumbnail on the device, shows another host’s file by its URL, and opens the file itself full size', async () => {
    configureClient({ baseUrl: 'https://erp.example.com/' })
    fake.on('GET', '/private/files/page-1.jpg', { status: 200, body: jpegFile('page-1.jpg', 'jpeg 1') })
    fake.on('GET', '/private/files/page-2.jpg', { status: 200, body: jpegFile('page-2.jpg', 'jpeg 2') })
    const wrapper = mount(HistoryAttachments, { props: { files: FILES }, attachTo: document.body })
    // The stand-in worker hashes each page as the real one does, so thumbnails arrive a few ticks later.
    await vi.waitFor(() => expect(images(wrapper).filter((src) => src?.startsWith('blob:'))).toHaveLength(2))
    const [first, second, third] = images(wrapper)
    expect([first, second].every((src) => src?.startsWith('blob:'))).toBe(true)
    expect(third).toBe('https://cdn.example.com/elsewhere.jpg')
    // With a session cookie, nothing but the cookie authorises them.
    expect(fake.requests.map((r) => [r.path, r.header('Authorization')])).toEqual([
      ['/private/files/page-1.jpg', undefined],
      ['/private/files/page-2.jpg', undefined],
    ])
    const urls = useObjectUrlsStore()
    const texts = await Promise.all(urls.list().map((entry) => entry.blob.text()))
    expect(texts.map((text) => text.match(/jpeg \d/)?.[0])).toEqual(['jpeg 1', 'jpeg 2'])

    await wrapper.get('[aria-label="Open page 1 full size"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('img.full').attributes('src')).toBe('https://erp.example.com/private/files/page-1.jpg')
    wrapper.unmount()
    expect(urls.count).toBe(0)
  })

  it('gives other attachments (a spreadsheet) a badge and a download link, without fetching them for a thumbnail', async () => {
    configureClient({ baseUrl: 'https://erp.example.com' })
    const sheet = file('f9', '/private/files/prices.xlsx')
    const wrapper = mount(HistoryAttachments, { props: { files: [sheet] }, attachTo: document.body })
    await flushPromises()
    expect(fake.requests).toEqual([])
    expect(wrapper.get('.thumbs button').text()).toBe('XLSX')
    await wrapper.get('[aria-label="Open page 1 full size"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('dialog a').attributes()).toMatchObject({
      href: 'https://erp.example.com/private/files/prices.xlsx',
      download: 'prices.xlsx',
    })
    wrapper.unmount()
  })

  it('with an API key pair fetches with the key, says which file failed, opens full size through an object URL, and revokes all on unmount', async () => {
    configureClient({ baseUrl: 'https://erp.example.com', apiKey: 'k', apiSecret: 's' })
    fake.on('GET', '/private/files/page-1.jpg', { status: 200, body: jpegFile('page-1.jpg', 'jpeg 1') })
    fake.on('GET', '/private/files/page-2.jpg', { status: 403, body: { exc_type: 'PermissionError' } })
    const wrapper = mount(HistoryAttachments, { props: { files: FILES }, attachTo: document.body })
    await vi.waitFor(() => expect(images(wrapper)[0]).toMatch(/^blob:/))

    const [first, ...rest] = images(wrapper)
    expect(first).toMatch(/^blob:/)
    // The file on another host is linked as it is: the key pair never goes there.
    expect(rest).toEqual(['https://cdn.example.com/elsewhere.jpg'])
    expect(fake.requests.map((r) => [r.path, r.header('Authorization')])).toEqual([
      ['/private/files/page-1.jpg', 'token k:s'],
      ['/private/files/page-2.jpg', 'token k:s'],
    ])
    expect(wrapper.get('[role="alert"]').text()).toBe('Could not load page-2.jpg from the server.')
    const urls = useObjectUrlsStore()
    expect(urls.count).toBe(1)

    await wrapper.get('[aria-label="Open page 1 full size"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('img.full').attributes('src')).toMatch(/^blob:/)
    expect(urls.count).toBe(2)
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Close')!
      .trigger('click')
    await flushPromises()
    expect(urls.count).toBe(1)

    wrapper.unmount()
    expect(urls.count).toBe(0)
  })
})
