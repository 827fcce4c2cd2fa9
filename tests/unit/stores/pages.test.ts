import 'fake-indexeddb/auto'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { pageDigest } from '@/lib/pageDigest'
import { setPageBytesMode } from '@/storage/blobSupport'
import { getPage, listPages, updatePage } from '@/storage/pages'
import { useMemoryStore } from '@/stores/memory'
import { UNDO_WINDOW_MS, usePagesStore, WARM_IMAGE_WORKER_BYTES, WARM_IMAGE_WORKER_IDLE_MS } from '@/stores/pages'
import { FakeImageWorker, holdFile, jpegFile } from '../support/fakeImageWorker'

// The real image worker client, talking to the in-process fake worker of tests/unit/support (the real worker
// needs a browser: tests/e2e/scanner.test.ts): it refuses what the real client and worker refuse.
vi.mock('@/workers/imageWorkerClient', () => import('../support/fakeImageWorker'))

/** The file names the worker was asked to make, in order. */
const calls = () => FakeImageWorker.normalized.map((params) => params.fileName)
const lastRequest = () => FakeImageWorker.normalized.at(-1)!
const jpeg = (name: string, body?: string) => jpegFile(name, body)

let draft: string
beforeEach(async () => {
  setActivePinia(createPinia())
  FakeImageWorker.made = []
  FakeImageWorker.normalized = []
  draft = crypto.randomUUID()
  await usePagesStore().load(draft)
})
afterEach(() => {
  vi.useRealTimers()
  setPageBytesMode(null)
})

async function addAll(names: string[]) {
  const store = usePagesStore()
  store.addFiles(
    names.map((name) => jpeg(name)),
    'file',
  )
  await store.whenIdle()
  return store
}

const names = () => usePagesStore().pages.map((page) => page.fileName)
const storedNames = async () => (await listPages(draft)).map((page) => page.fileName)

describe('pages store', () => {
  it('hands every file to the worker client in order and saves each page in that order', async () => {
    await addAll(['a.jpg', 'b.jpg', 'c.jpg'])
    expect(calls()).toEqual(['a.jpg', 'b.jpg', 'c.jpg'])
    expect(names()).toEqual(['a.jpg', 'b.jpg', 'c.jpg'])
    expect(await storedNames()).toEqual(['a.jpg', 'b.jpg', 'c.jpg'])
    // Metadata only: the reactive state never holds the images.
    expect(Object.keys(usePagesStore().pages[0]!)).not.toContain('blob')
  })

  it('shows per-file progress and accepts more files while one is processed', async () => {
    const store = usePagesStore()
    const release = holdFile('a.jpg')
    store.addFiles([jpeg('a.jpg'), jpeg('b.jpg')], 'file')
    // The client decides how many run at once; b may be made beside a but lands after it.
    await vi.waitFor(() => expect(calls()[0]).toBe('a.jpg'))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(names()).toEqual([])
    expect(store.progressText).toBe('Processing 1 of 2: a.jpg')
    store.addFiles([jpeg('c.jpg')], 'drop')
    expect(store.jobs.map((job) => job.fileName)).toEqual(['a.jpg', 'b.jpg', 'c.jpg'])
    expect(store.progressText).toBe('Processing 1 of 3: a.jpg')
    release()
    await store.whenIdle()
    expect(store.progressText).toBeNull()
    expect(names()).toEqual(['a.jpg', 'b.jpg', 'c.jpg'])
    expect(store.pages.map((page) => page.source)).toEqual(['file', 'file', 'drop'])
  })

  it('names the file that failed and keeps the others', async () => {
    const store = usePagesStore()
    store.addFiles([jpeg('good.jpg'), new File([], 'empty.jpg', { type: 'image/jpeg' }), jpeg('corrupt.jpg'), jpeg('last.jpg')], 'file')
    await store.whenIdle()
    expect(names()).toEqual(['good.jpg', 'last.jpg'])
    expect(store.failures.map(({ fileName, message }) => ({ fileName, message }))).toEqual([
      { fileName: 'empty.jpg', message: 'This file is empty (0 bytes).' },
      { fileName: 'corrupt.jpg', message: "This image is damaged and can't be read." },
    ])
    store.dismissFailure(store.failures[0]!.id)
    expect(store.failures.map((failure) => failure.fileName)).toEqual(['corrupt.jpg'])
  })

  it('reorders, moves and rotates, and a reload finds the same', async () => {
    const store = await addAll(['a.jpg', 'b.jpg', 'c.jpg'])
    await store.reorder(0, 2)
    expect(names()).toEqual(['b.jpg', 'c.jpg', 'a.jpg'])
    await store.moveUp(store.pages[2]!.id)
    expect(names()).toEqual(['b.jpg', 'a.jpg', 'c.jpg'])
    await store.moveDown(store.pages[0]!.id)
    expect(names()).toEqual(['a.jpg', 'b.jpg', 'c.jpg'])
    await store.moveUp(store.pages[0]!.id)
    expect(names()).toEqual(['a.jpg', 'b.jpg', 'c.jpg'])
    await store.rotate(store.pages[1]!.id)
    await store.rotate(store.pages[1]!.id)

    setActivePinia(createPinia())
    const reloaded = usePagesStore()
    await reloaded.load(draft)
    expect(reloaded.pages.map((page) => [page.fileName, page.rotation])).toEqual([
      ['a.jpg', 0],
      ['b.jpg', 180],
      ['c.jpg', 0],
    ])
  })

  it('says when an added page is the same image as another page, until it is kept, deleted or no longer the same', async () => {
    const store = usePagesStore()
    store.addFiles([jpeg('a.jpg', 'receipt A'), jpeg('b.jpg', 'receipt B'), jpeg('a again.jpg', 'receipt A')], 'file')
    await store.whenIdle()
    const [a, b, again] = store.pages
    // The digest is of the stored bytes, kept with the page.
    expect(a!.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(again!.sha256).toBe(a!.sha256)
    expect(b!.sha256).not.toBe(a!.sha256)
    expect(store.sameImage).toEqual([{ id: again!.id, of: a!.id }])

    store.keepSameImage(again!.id)
    expect(store.sameImage).toEqual([])
    // Kept: both go to the server (which stores the bytes once).
    expect(await storedNames()).toEqual(['a.jpg', 'b.jpg', 'a again.jpg'])

    // Added once more, and this time the first copy is deleted: nothing left to say.
    store.addFiles([jpeg('a third.jpg', 'receipt A')], 'file')
    await store.whenIdle()
    expect(store.sameImage).toEqual([{ id: store.pages[3]!.id, of: a!.id }])
    await store.remove(a!.id)
    expect(store.sameImage).toEqual([])
  })

  it("keeps the digest the worker made with the page: the main thread never reads a photo's bytes to hash them", async () => {
    const digest = vi.spyOn(crypto.subtle, 'digest')
    const store = usePagesStore()
    store.addFiles([jpeg('a.jpg', 'receipt A'), jpeg('a again.jpg', 'receipt A')], 'file')
    await store.whenIdle()
    expect(digest).not.toHaveBeenCalled()
    digest.mockRestore()
    // sha256 of the fake worker's page: the file's own bytes.
    const expected = await pageDigest(jpeg('x.jpg', 'receipt A'))
    expect(store.pages.map((page) => page.sha256)).toEqual([expected, expected])
    expect((await getPage(store.pages[0]!.id))!.sha256).toBe(expected)
    expect(store.sameImage).toEqual([{ id: store.pages[1]!.id, of: store.pages[0]!.id }])
  })

  it('starts the first image worker ahead of the first photo, counted in the memory account, and stops it when no photo comes', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const store = usePagesStore()
    const memory = useMemoryStore()
    const before = memory.accountBytes
    store.warm()
    expect(FakeImageWorker.made).toHaveLength(1)
    expect(memory.accountBytes - before).toBe(WARM_IMAGE_WORKER_BYTES)
    store.warm()
    expect(FakeImageWorker.made).toHaveLength(1)

    // The first photo goes to the warm worker.
    store.addFiles([jpeg('a.jpg')], 'file')
    await store.whenIdle()
    expect(FakeImageWorker.made).toHaveLength(1)
    expect(FakeImageWorker.made[0]!.calls.map((call) => call.job)).toEqual(['normalize'])
    // Photos came, so the worker stays as it does after any batch.
    vi.advanceTimersByTime(WARM_IMAGE_WORKER_IDLE_MS)
    expect(FakeImageWorker.made[0]!.terminated).toBe(false)

    // Warmed again and no photo comes: stopped, and no longer counted.
    await store.release()
    expect(memory.accountBytes).toBe(before)
    store.warm()
    expect(FakeImageWorker.made).toHaveLength(2)
    vi.advanceTimersByTime(WARM_IMAGE_WORKER_IDLE_MS)
    expect(FakeImageWorker.made[1]!.terminated).toBe(true)
    expect(memory.accountBytes).toBe(before)
  })

  it('does not start a worker ahead of photos while capture is refused', () => {
    const store = usePagesStore()
    store.setEditLock('Sending this invoice.')
    store.warm()
    expect(FakeImageWorker.made).toHaveLength(0)
  })

  it('deletes with undo: undo puts the page back in its place', async () => {
    const store = await addAll(['a.jpg', 'b.jpg', 'c.jpg'])
    await store.remove(store.pages[1]!.id)
    expect(names()).toEqual(['a.jpg', 'c.jpg'])
    await store.undoRemove()
    expect(names()).toEqual(['a.jpg', 'b.jpg', 'c.jpg'])
    expect(await storedNames()).toEqual(['a.jpg', 'b.jpg', 'c.jpg'])
  })

  it('deletes from IndexedDB when the undo window closes', async () => {
    const store = await addAll(['a.jpg', 'b.jpg'])
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    await store.remove(store.pages[0]!.id)
    expect(await storedNames()).toEqual(['a.jpg', 'b.jpg'])
    vi.advanceTimersByTime(UNDO_WINDOW_MS)
    await vi.waitFor(async () => expect(await storedNames()).toEqual(['b.jpg']))
    expect(store.pendingRemoval).toBeNull()
  })

  it('deletes for good when the clerk does something else', async () => {
    const store = await addAll(['a.jpg', 'b.jpg', 'c.jpg'])
    await store.remove(store.pages[0]!.id)
    await store.rotate(store.pages[0]!.id)
    expect(store.pendingRemoval).toBeNull()
    expect(await storedNames()).toEqual(['b.jpg', 'c.jpg'])
  })

  it('retake replaces the image and keeps the position', async () => {
    const store = await addAll(['a.jpg', 'b.jpg', 'c.jpg'])
    const id = store.pages[1]!.id
    store.retake(id)
    store.addFiles([jpeg('b-again.jpg'), jpeg('d.jpg')], 'camera')
    await store.whenIdle()
    expect(names()).toEqual(['a.jpg', 'b-again.jpg', 'c.jpg', 'd.jpg'])
    expect(store.pages[1]!.id).toBe(id)
    expect(store.retakeId).toBeNull()
    expect(await storedNames()).toEqual(['a.jpg', 'b-again.jpg', 'c.jpg', 'd.jpg'])
  })

  it('leaving the Scanner finishes the queued files, then stops the worker and its memory cleanup', async () => {
    const store = usePagesStore()
    const memory = useMemoryStore()
    const release = holdFile('a.jpg')
    store.addFiles([jpeg('a.jpg'), jpeg('b.jpg')], 'file')
    await vi.waitFor(() => expect(calls()[0]).toBe('a.jpg'))
    expect(memory.cleanupNames()).toContain('image-worker')
    await store.release()
    expect(FakeImageWorker.made.some((worker) => worker.terminated)).toBe(false)
    release()
    await store.whenIdle()
    expect(names()).toEqual(['a.jpg', 'b.jpg'])
    expect(FakeImageWorker.made.length).toBeGreaterThan(0)
    expect(FakeImageWorker.made.every((worker) => worker.terminated)).toBe(true)
    expect(memory.cleanupNames()).not.toContain('image-worker')
    expect(store.workerState).toBe('stopped')
    expect(store.processedCount).toBe(2)
  })

  it('reports a full disk beside the file and keeps what was saved', async () => {
    const store = await addAll(['a.jpg'])
    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
    })
    store.addFiles([jpeg('b.jpg')], 'file')
    await store.whenIdle()
    put.mockRestore()
    expect(names()).toEqual(['a.jpg'])
    expect(store.failures[0]).toMatchObject({ fileName: 'b.jpg', message: expect.stringMatching(/storage is full/) })
    expect(store.storageError).toMatch(/storage is full/)
    await addAll(['c.jpg'])
    expect(store.storageError).toBeNull()
    expect(await storedNames()).toEqual(['a.jpg', 'c.jpg'])
  })

  it('refuses new files with the memory reason while capture is not allowed', async () => {
    const store = usePagesStore()
    const memory = useMemoryStore()
    memory.holdBytes('test', memory.budgetBytes * 2)
    expect(memory.canCapture).toBe(false)
    store.addFiles([jpeg('late.jpg')], 'paste')
    await store.whenIdle()
    expect(calls()).toEqual([])
    expect(store.pages).toEqual([])
    expect(store.failures[0]).toMatchObject({ fileName: 'late.jpg', message: `Not added: ${memory.refusalReason}` })
  })

  it('asks for the photo kept as the original where Blobs are kept, and the page encoded where only bytes are', async () => {
    setPageBytesMode('blob')
    await addAll(['window.jpg'])
    expect(lastRequest().document).toEqual({ look: 'document', encodeOriginal: false })
    setPageBytesMode('arraybuffer')
    await addAll(['private.jpg'])
    expect(lastRequest().document).toEqual({ look: 'document', encodeOriginal: true })
  })

  it('marks a photo this browser could not keep, and a rejected file not', async () => {
    setPageBytesMode('none')
    const store = usePagesStore()
    store.addFiles([jpeg('kept-nowhere.jpg'), new File([], 'empty.jpg', { type: 'image/jpeg' })], 'file')
    await store.whenIdle()
    expect(store.pages).toEqual([])
    expect(store.failures.map(({ fileName, message, unkept }) => ({ fileName, message, unkept }))).toEqual([
      { fileName: 'kept-nowhere.jpg', message: expect.stringMatching(/^This browser window cannot keep photos/), unkept: true },
      { fileName: 'empty.jpg', message: 'This file is empty (0 bytes).', unkept: undefined },
    ])
  })
  it('turns a shaped photo page by making it again from its kept original, crop and look kept, four turns back to upright', async () => {
    const store = await addAll(['shaped.jpg'])
    const id = store.pages[0]!.id
    expect(await (await getPage(id))!.document!.original.text()).toContain('original')
    const corners = (await getPage(id))!.document!.corners
    for (const turn of [90, 180, 270, 0]) {
      await store.rotate(id)
      const asked = lastRequest()
      // The worker got the kept original (not the made page), the same corners and look, and the next turn.
      expect(await asked.file.text()).toContain('original')
      expect(asked.document).toEqual({ look: 'document', corners, turn })
      const record = (await getPage(id))!
      expect(record.rotation).toBe(0)
      expect(record.document!.turn ?? 0).toBe(turn)
      expect(await record.document!.original.text()).toContain('original')
      expect([record.width, record.height]).toEqual(turn % 180 ? [1500, 2000] : [2000, 1500])
      expect(await record.blob.text()).toBe(`page turned ${turn}`)
    }
    expect(store.pages[0]).toMatchObject({ rotation: 0, width: 2000, height: 1500 })
  })
  it('folds a turn an older version kept on the record into the made one', async () => {
    const store = await addAll(['shaped-old.jpg'])
    const id = store.pages[0]!.id
    await updatePage(id, { rotation: 90 })
    await store.load(draft)
    await store.rotate(id)
    expect(lastRequest().document).toMatchObject({ turn: 180 })
    expect(await getPage(id)).toMatchObject({ rotation: 0, document: { turn: 180 } })
    expect(store.pages[0]).toMatchObject({ rotation: 0 })
  })
})
