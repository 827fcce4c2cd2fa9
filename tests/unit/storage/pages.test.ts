import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { pageBytesMode, setPageBytesMode } from '@/storage/blobSupport'
import { getDb, type PageRecord } from '@/storage/db'
import { deletePage, deletePagesOfDraft, getPage, listPages, putPage, reorderPages, StorageFullError, updatePage } from '@/storage/pages'

function record(draftId: string, order: number, fileName = `p${order}.jpg`): PageRecord {
  return {
    id: crypto.randomUUID(),
    draftId,
    order,
    kind: 'image',
    blob: new Blob([`page ${order}`], { type: 'image/jpeg' }),
    thumb: new Blob([`thumb ${order}`], { type: 'image/jpeg' }),
    width: 2000,
    height: 1500,
    bytes: 6,
    mime: 'image/jpeg',
    fileName,
    source: 'file',
    rotation: 0,
    created: Date.now(),
  }
}

afterEach(() => vi.restoreAllMocks())

describe('pages in IndexedDB', () => {
  it('stores each page with the SHA-256 of its bytes, and a new image with its own', async () => {
    const page = record(crypto.randomUUID(), 0)
    const stored = await putPage(page)
    // sha256("page 0")
    expect(stored.sha256).toBe('98b8816d5a9f858675fcf86e0a700481b105e3ff7b700934c731b8ab667b1308')
    expect((await getPage(page.id))!.sha256).toBe(stored.sha256)
    const updated = await updatePage(page.id, { blob: new Blob(['page 0 in black and white']) })
    expect(updated.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(updated.sha256).not.toBe(stored.sha256)
    // A change that keeps the bytes keeps the digest.
    expect((await updatePage(page.id, { rotation: 90 })).sha256).toBe(updated.sha256)
    await deletePage(page.id)
  })

  it("keeps the digest a page was made with (the image worker's) instead of reading its bytes again", async () => {
    const digest = vi.spyOn(crypto.subtle, 'digest')
    const page = { ...record(crypto.randomUUID(), 0), sha256: 'ab'.repeat(32) }
    expect((await putPage(page)).sha256).toBe('ab'.repeat(32))
    expect((await getPage(page.id))!.sha256).toBe('ab'.repeat(32))
    expect((await updatePage(page.id, { blob: new Blob(['remade']), sha256: 'cd'.repeat(32) })).sha256).toBe('cd'.repeat(32))
    expect(digest).not.toHaveBeenCalled()
    // New bytes without a digest (a PDF, a page made on the main thread) are hashed here.
    expect((await updatePage(page.id, { blob: new Blob(['page 0']) })).sha256).toBe(
      '98b8816d5a9f858675fcf86e0a700481b105e3ff7b700934c731b8ab667b1308',
    )
    await deletePage(page.id)
  })

  it('keeps a cropped page and its uncropped original as bytes where Blobs cannot be kept (Private Browsing)', async () => {
    setPageBytesMode('arraybuffer')
    const page: PageRecord = {
      ...record(crypto.randomUUID(), 0),
      document: {
        original: new Blob(['the whole photo'], { type: 'image/jpeg' }),
        corners: null,
        look: 'document',
        problems: [],
        lookBytes: {},
      },
    }
    await putPage(page)
    // What IndexedDB holds has no Blob left in it (WebKit's ephemeral mode refuses the whole record otherwise).
    const raw = (await (await getDb()).get('pages', page.id)) as unknown as { blob: unknown; document: { original: unknown } }
    expect(raw.blob).not.toBeInstanceOf(Blob)
    expect(raw.document.original).not.toBeInstanceOf(Blob)
    const back = await getPage(page.id)
    expect(back?.document?.original).toBeInstanceOf(Blob)
    expect(await back?.document?.original.text()).toBe('the whole photo')
    expect(back?.document?.original.type).toBe('image/jpeg')
    expect(await back?.blob.text()).toBe('page 0')
    // Back to what this test environment detects, before any test mocks IndexedDB.
    setPageBytesMode(null)
    await pageBytesMode()
  })

  it('lists a draft’s pages by order, and only that draft’s', async () => {
    const draft = crypto.randomUUID()
    const [a, b, c] = [record(draft, 2, 'c.jpg'), record(draft, 0, 'a.jpg'), record(draft, 1, 'b.jpg')]
    for (const page of [a, b, c]) await putPage(page)
    await putPage(record(crypto.randomUUID(), 0, 'other.jpg'))
    expect((await listPages(draft)).map((page) => page.fileName)).toEqual(['a.jpg', 'b.jpg', 'c.jpg'])
  })

  // happy-dom's Blobs do not survive fake-indexeddb's structured clone; the e2e test reads real ones back.
  it('gets, updates and deletes one page', async () => {
    const draft = crypto.randomUUID()
    const page = record(draft, 0)
    await putPage(page)
    expect((await getPage(page.id))?.fileName).toBe('p0.jpg')
    const updated = await updatePage(page.id, { rotation: 90 })
    expect(updated.rotation).toBe(90)
    expect((await getPage(page.id))?.rotation).toBe(90)
    await deletePage(page.id)
    expect(await getPage(page.id)).toBeUndefined()
    await expect(updatePage(page.id, { rotation: 180 })).rejects.toThrow('no longer exists')
  })

  it('reorders in one go, and refuses ids from another draft without changing anything', async () => {
    const draft = crypto.randomUUID()
    const pages = [record(draft, 0, 'a.jpg'), record(draft, 1, 'b.jpg'), record(draft, 2, 'c.jpg')]
    for (const page of pages) await putPage(page)
    const [a, b, c] = pages as [PageRecord, PageRecord, PageRecord]
    await reorderPages(draft, [c.id, a.id, b.id])
    expect((await listPages(draft)).map((page) => [page.fileName, page.order])).toEqual([
      ['c.jpg', 0],
      ['a.jpg', 1],
      ['b.jpg', 2],
    ])

    const stranger = record(crypto.randomUUID(), 0)
    await putPage(stranger)
    await expect(reorderPages(draft, [b.id, stranger.id])).rejects.toThrow('not part of this draft')
    expect((await listPages(draft)).map((page) => page.fileName)).toEqual(['c.jpg', 'a.jpg', 'b.jpg'])
  })

  it('deletes every page of a draft', async () => {
    const draft = crypto.randomUUID()
    await putPage(record(draft, 0))
    await putPage(record(draft, 1))
    expect(await deletePagesOfDraft(draft)).toBe(2)
    expect(await listPages(draft)).toEqual([])
  })

  it('reports a full disk as StorageFullError and saves nothing', async () => {
    const draft = crypto.randomUUID()
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
    })
    const error = await putPage(record(draft, 0)).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(StorageFullError)
    expect((error as Error).message).toMatch(/storage is full/)
    vi.restoreAllMocks()
    expect(await listPages(draft)).toEqual([])
  })
})
