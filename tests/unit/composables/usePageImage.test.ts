import 'fake-indexeddb/auto'
import { flushPromises } from '@vue/test-utils'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { usePageImage, type UsePageImageOptions } from '@/composables/usePageImage'
import type { PageRecord } from '@/storage/db'
import { putPage } from '@/storage/pages'

// happy-dom's Blob does not survive IndexedDB's structured clone; Node's does, as a browser's would.
let NodeBlob: typeof Blob
beforeAll(async () => {
  const buffer = 'node:buffer'
  NodeBlob = ((await import(/* @vite-ignore */ buffer)) as { Blob: typeof Blob }).Blob
  // What comes out of IndexedDB is then a Blob to the code under test too, as in a browser.
  vi.stubGlobal('Blob', NodeBlob)
})
afterAll(() => vi.unstubAllGlobals())

function record(id: string, withThumb = true): PageRecord {
  return {
    id,
    draftId: 'd1',
    order: 0,
    kind: 'image',
    blob: new NodeBlob([`page ${id}`], { type: 'image/jpeg' }),
    thumb: withThumb ? new NodeBlob([`thumb ${id}`], { type: 'image/jpeg' }) : null,
    width: 10,
    height: 10,
    bytes: 10,
    mime: 'image/jpeg',
    fileName: `${id}.jpg`,
    source: 'file',
    rotation: 0,
    created: 1,
  }
}

let scope = effectScope()
afterEach(() => {
  scope.stop()
  scope = effectScope()
})
const use = (id: () => string, options: UsePageImageOptions) => scope.run(() => usePageImage(id, options))!
/** IndexedDB answers on a later task, not a microtask. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20)).then(flushPromises)
const text = async (blob: Blob | null) => (blob ? await blob.text() : null)

describe('usePageImage', () => {
  it('reads the thumbnail or the full page of a page from IndexedDB', async () => {
    await putPage(record('p1'))
    const thumb = use(() => 'p1', { part: 'thumb' })
    const page = use(() => 'p1', { part: 'page' })
    await settle()
    expect(await text(thumb.blob.value)).toBe('thumb p1')
    expect(await text(page.blob.value)).toBe('page p1')
    expect(page.missing.value).toBe(false)
  })

  it('says missing for a page that is gone or has no such image', async () => {
    await putPage(record('no-thumb', false))
    const gone = use(() => 'gone', { part: 'page' })
    const noThumb = use(() => 'no-thumb', { part: 'thumb' })
    await settle()
    expect(gone.missing.value).toBe(true)
    expect(noThumb.blob.value).toBeNull()
  })

  it('reads only while enabled, lets go on release and reads again when next enabled', async () => {
    await putPage(record('p2'))
    const enabled = ref(false)
    const image = use(() => 'p2', { part: 'thumb', enabled })
    await settle()
    expect(image.blob.value).toBeNull()
    enabled.value = true
    await settle()
    expect(await text(image.blob.value)).toBe('thumb p2')
    enabled.value = false
    await nextTick()
    image.release()
    expect(image.blob.value).toBeNull()
    enabled.value = true
    await settle()
    expect(await text(image.blob.value)).toBe('thumb p2')
  })

  it('drops a read that a newer one overtook', async () => {
    await putPage(record('a'))
    await putPage(record('b'))
    const id = ref('a')
    const image = use(() => id.value, { part: 'page' })
    await nextTick()
    id.value = 'b'
    await settle()
    expect(await text(image.blob.value)).toBe('page b')
  })
})
