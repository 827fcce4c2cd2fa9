import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { configureClient } from '@/api/client'
import HistoryAttachments from '@/components/history/HistoryAttachments.vue'
import { useObjectUrlsStore } from '@/stores/objectUrls'
import type { FrappeFile } from '@/types/frappe'
import { installFakeHttp, resetClient, type FakeHttp } from '../../api/fakeHttp'

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
const FILES = [file('f1', '/private/files/page-1.jpg'), file('f2', '/private/files/page-2.jpg'), file('f3', 'https://cdn.example.com/elsewhere.jpg')]

let fake: FakeHttp
beforeEach(() => {
  resetClient(configureClient)
  setActivePinia(createPinia())
  fake = installFakeHttp()
})
afterEach(() => fake.restore())

const images = (wrapper: ReturnType<typeof mount>) => wrapper.findAll('img').map((img) => img.attributes('src'))

describe('HistoryAttachments', () => {
  it('shows files by their own URLs when the session cookie authorises them, fetching nothing', async () => {
    configureClient({ baseUrl: 'https://erp.example.com/' })
    const wrapper = mount(HistoryAttachments, { props: { files: FILES } })
    await flushPromises()
    expect(images(wrapper)).toEqual(['https://erp.example.com/private/files/page-1.jpg', 'https://erp.example.com/private/files/page-2.jpg', 'https://cdn.example.com/elsewhere.jpg'])
    expect(fake.requests).toEqual([])
    wrapper.unmount()
  })

  it('with an API key pair fetches each backend file with the key and shows it through an object URL, revoked on unmount', async () => {
    configureClient({ baseUrl: 'https://erp.example.com', apiKey: 'k', apiSecret: 's' })
    fake.on('GET', '/private/files/page-1.jpg', { status: 200, body: new Blob(['jpeg 1'], { type: 'image/jpeg' }) })
    fake.on('GET', '/private/files/page-2.jpg', { status: 403, body: { exc_type: 'PermissionError' } })
    const wrapper = mount(HistoryAttachments, { props: { files: FILES } })
    await flushPromises()

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
    expect(await urls.list()[0]!.blob.text()).toBe('jpeg 1')

    wrapper.unmount()
    expect(urls.count).toBe(0)
  })
})
