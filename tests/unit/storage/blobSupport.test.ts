// @vitest-environment node
// Node's Blobs survive fake-indexeddb's structured clone (happy-dom's do not), so all three modes can be seen.
import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { pageBytesMode, PageNotKeptError, setPageBytesMode } from '@/storage/blobSupport'
import type { PageRecord } from '@/storage/db'
import { getDb } from '@/storage/db'
import { getPage, listPages, putPage, updatePage } from '@/storage/pages'

function record(draftId: string): PageRecord {
  return {
    id: crypto.randomUUID(),
    draftId,
    order: 0,
    kind: 'image',
    blob: new Blob(['the page bytes'], { type: 'image/jpeg' }),
    thumb: new Blob(['thumb'], { type: 'image/webp' }),
    width: 2000,
    height: 1500,
    bytes: 14,
    mime: 'image/jpeg',
    fileName: 'receipt.jpg',
    source: 'file',
    rotation: 0,
    created: Date.now(),
  }
}

function holdsBlob(value: unknown): boolean {
  return value instanceof Blob || (!!value && typeof value === 'object' && Object.values(value).some((v) => v instanceof Blob))
}

/** IndexedDB as WebKit's ephemeral sessions (Safari Private Browsing) have it: every Blob is refused. */
function refuseBlobs(): void {
  const put = IDBObjectStore.prototype.put
  vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
    if (holdsBlob(value)) throw new DOMException('Error preparing Blob/File data to be stored in object store', 'DataCloneError')
    return put.call(this, value, key)
  })
}

afterEach(() => {
  vi.restoreAllMocks()
  setPageBytesMode(null)
})

describe('keeping page bytes where the browser allows', () => {
  it('keeps Blobs as they are where IndexedDB takes them', async () => {
    expect(await pageBytesMode()).toBe('blob')
    const page = record(crypto.randomUUID())
    await putPage(page)
    const raw = await (await getDb()).get('pages', page.id)
    expect(raw?.blob).toBeInstanceOf(Blob)
  })

  it('keeps bytes and type where Blobs are refused, and hands Blobs back', async () => {
    refuseBlobs()
    expect(await pageBytesMode()).toBe('arraybuffer')
    const page = record(crypto.randomUUID())
    await putPage(page)
    const raw = (await (await getDb()).get('pages', page.id)) as unknown as { blob: { bytes: ArrayBuffer; type: string } }
    expect(raw.blob.bytes).toBeInstanceOf(ArrayBuffer)
    expect(raw.blob.type).toBe('image/jpeg')

    const back = await getPage(page.id)
    expect(back?.blob).toBeInstanceOf(Blob)
    expect(await back?.blob.text()).toBe('the page bytes')
    expect(back?.blob.type).toBe('image/jpeg')
    expect(await back?.thumb?.text()).toBe('thumb')
    expect(back?.thumb?.type).toBe('image/webp')
    expect((await listPages(page.draftId)).map((p) => p.blob.size)).toEqual([14])

    // A retake replaces the Blob through the same path.
    const updated = await updatePage(page.id, { blob: new Blob(['retaken'], { type: 'image/png' }), rotation: 90 })
    expect(await updated.blob.text()).toBe('retaken')
    expect(await (await getPage(page.id))?.blob.text()).toBe('retaken')
    expect((await getPage(page.id))?.rotation).toBe(90)
  })

  it('refuses a page with a plain message where nothing can be kept', async () => {
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError')
    })
    expect(await pageBytesMode()).toBe('none')
    vi.restoreAllMocks()
    const error = await putPage(record(crypto.randomUUID())).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PageNotKeptError)
    expect((error as Error).message).toMatch(/cannot keep photos/)
  })
})
