import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { Quad } from '@/lib/document/geometry'
import { isPageLook, type PageLook } from '@/lib/document/looks'
import { insertAt, moveItem, nextRotation } from '@/lib/pageOrder'
import type { PageDocument, PageRecord, PageSource } from '@/storage/db'
import { PageNotKeptError } from '@/storage/blobSupport'
import { deletePage, getPage, listPages, putPage, reorderPages, StorageFullError, updatePage } from '@/storage/pages'
import { useMemoryStore } from '@/stores/memory'
import { useSettingsStore } from '@/stores/settings'
import { createImageWorkerClient, ImageRejectedError, type ImageWorkerClient, type ImageWorkerState } from '@/workers/imageWorkerClient'
import { t } from '@/locales/i18n'

/** What the app keeps in memory about a page: everything but its Blobs, which stay in IndexedDB. */
export type PageMeta = Omit<PageRecord, 'blob' | 'thumb' | 'draftId' | 'document'> & { document?: Omit<PageDocument, 'original'> }

/** A file that did not become a page, named so the clerk knows which one to look at. */
export interface PageFailure {
  id: string
  fileName: string
  message: string
  /** The photo was fine but this browser could not keep it: Submit says so instead of sending without it. */
  unkept?: boolean
}

/** A file waiting for, or going through, the image worker. */
export interface PageJob {
  id: string
  fileName: string
  /** 1-based position in the current batch, for "Processing 2 of 5". */
  position: number
  state: 'queued' | 'processing'
}

interface QueuedFile extends PageJob {
  file: Blob
  source: PageSource
  /** Set when this file replaces an existing page (a retake) instead of adding one. */
  replaces: string | null
}

/** How long a deleted page can be brought back with Undo. */
export const UNDO_WINDOW_MS = 8000

/** A PDF goes to the server byte for byte, so a turn the clerk gave it here would be lost: it is not offered. */
export const PDF_ROTATE_REASON = t('pages.pdfRotate')

function toMeta({ blob: _blob, thumb: _thumb, draftId: _draftId, document, ...meta }: PageRecord): PageMeta {
  if (!document) return meta
  const { original: _original, ...shape } = document
  return { ...meta, document: shape }
}

/** A PDF is sent byte for byte: nothing in it is cropped or recoloured. */
export const PDF_DOCUMENT_REASON = t('pages.pdfDocument')

function nameOf(file: Blob, fallback: string): string {
  return file instanceof File && file.name ? file.name : fallback
}

/** A name for a photo or pasted image that came without one, e.g. "Camera photo 14.05.09.jpg". */
function unnamed(source: PageSource, file: Blob): string {
  const time = new Date().toTimeString().slice(0, 8).replaceAll(':', '.')
  const extension = file.type === 'image/png' ? 'png' : file.type === 'application/pdf' ? 'pdf' : 'jpg'
  return `${t(source === 'camera' ? 'pages.cameraPhoto' : 'pages.pastedImage')} ${time}.${extension}`
}

/**
 * The Scanner's pages for the current draft: metadata in memory, images in IndexedDB. Files are
 * normalised one at a time in the order they arrive, each saved as soon as it is ready.
 */
export const usePagesStore = defineStore('pages', () => {
  const memory = useMemoryStore()

  /** The draft these pages belong to; which draft that is, the scanner store decides (open, startNext). */
  let draftId: string | null = null
  const pages = ref<PageMeta[]>([])
  const failures = ref<PageFailure[]>([])
  const jobs = ref<PageJob[]>([])
  const batchTotal = ref(0)
  const retakeId = ref<string | null>(null)
  /** The last deleted page, still in IndexedDB until the undo window closes. */
  const pendingRemoval = shallowRef<{ page: PageMeta; index: number } | null>(null)
  const storageError = ref<string | null>(null)
  /** The image worker's state, for the Status page; 'stopped' until the first file and after release. */
  const workerState = ref<ImageWorkerState>('stopped')
  /** Files finished since the app started, whether they became pages or failures. */
  const processedCount = ref(0)

  const count = computed(() => pages.value.length)
  /** Why the pages cannot change now (their draft is being sent), as set by the scanner store; null when they can. */
  const editLock = ref<string | null>(null)

  /** Locks the pages with the reason to show, or unlocks them with null. */
  function setEditLock(reason: string | null): void {
    editLock.value = reason
  }

  function assertEditable(): void {
    if (editLock.value) throw new Error(editLock.value)
  }
  const processing = computed(() => jobs.value.find((job) => job.state === 'processing') ?? null)
  /** "Processing 2 of 5: receipt.jpg", or null when idle. */
  const progressText = computed(() => {
    const job = processing.value
    return job ? `Processing ${job.position} of ${batchTotal.value}: ${job.fileName}` : null
  })

  const queue: QueuedFile[] = []
  let draining: Promise<void> | null = null
  let undoTimer: ReturnType<typeof setTimeout> | null = null
  let worker: ImageWorkerClient | null = null
  let unregisterCleanup: (() => void) | null = null
  /** Set when the Scanner is left, so the worker stops once the files still queued are done. */
  let released = false

  function getWorker(): ImageWorkerClient {
    worker ??= createImageWorkerClient({
      onDecoding: (pixels) => memory.setDecodingPixels(pixels),
      onStateChange: (snapshot) => (workerState.value = snapshot.state),
    })
    // Under memory pressure the monitor restarts the worker to hand its decoder memory back.
    unregisterCleanup ??= memory.registerCleanup('image-worker', () => worker?.restart())
    return worker
  }

  function fail(fileName: string, message: string, unkept = false): void {
    failures.value = [...failures.value, { id: crypto.randomUUID(), fileName, message, ...(unkept ? { unkept } : {}) }]
  }

  /** Loads the metadata of a draft's pages, e.g. after a reload. */
  async function load(id: string): Promise<void> {
    await commitRemoval()
    draftId = id
    const records = await listPages(id)
    if (draftId === id) pages.value = records.map(toMeta)
  }

  /**
   * Queues files to become pages, in order. Returns at once; the clerk can keep adding while earlier
   * files are processed. Refused, file by file, while memory is too tight to capture.
   */
  function addFiles(files: readonly Blob[], source: PageSource): void {
    if (!files.length) return
    if (!draftId) throw new Error('Load a draft before adding pages.')
    const refusal = editLock.value ?? (memory.canCapture ? null : memory.refusalReason)
    if (refusal) {
      for (const file of files) fail(nameOf(file, unnamed(source, file)), t('pages.notAdded', { reason: refusal }))
      return
    }
    void commitRemoval()
    released = false
    if (!queue.length) batchTotal.value = 0
    for (const file of files) {
      const fileName = nameOf(file, unnamed(source, file))
      const replaces = retakeId.value
      retakeId.value = null
      batchTotal.value += 1
      queue.push({ id: crypto.randomUUID(), fileName, position: batchTotal.value, state: 'queued', file, source, replaces })
    }
    jobs.value = queue.map(({ id, fileName, position, state }) => ({ id, fileName, position, state }))
    draining ??= drain().finally(() => (draining = null))
  }

  /** Resolves once every queued file is a page or a failure. */
  function whenIdle(): Promise<void> {
    return draining ?? Promise.resolve()
  }

  async function drain(): Promise<void> {
    while (queue.length) {
      const job = queue[0] as QueuedFile
      job.state = 'processing'
      jobs.value = jobs.value.map((entry) => (entry.id === job.id ? { ...entry, state: 'processing' } : entry))
      await processOne(job)
      queue.shift()
      jobs.value = jobs.value.filter((entry) => entry.id !== job.id)
    }
    batchTotal.value = 0
    if (released) stopWorker()
  }

  function stopWorker(): void {
    unregisterCleanup?.()
    unregisterCleanup = null
    worker?.terminate()
    worker = null
    workerState.value = 'stopped'
  }

  async function processOne(job: QueuedFile): Promise<void> {
    const key = `pages:${job.id}`
    memory.holdBytes(key, job.file.size)
    // Set once the worker made a page: a failure after it means the device could not keep that page.
    let saving = false
    try {
      const look = useSettingsStore().pageLook
      const image = await getWorker().normalize(job.file, {
        fileName: job.fileName,
        document: { look: isPageLook(look) ? look : 'document' },
      })
      const target = job.replaces ? pages.value.find((page) => page.id === job.replaces) : undefined
      const owner = draftId as string
      const record: PageRecord = {
        id: target?.id ?? crypto.randomUUID(),
        draftId: owner,
        order: target?.order ?? pages.value.reduce((max, page) => Math.max(max, page.order + 1), 0),
        kind: image.kind,
        blob: image.page,
        thumb: image.thumb,
        width: image.width,
        height: image.height,
        bytes: image.page.size,
        mime: image.mime,
        fileName: job.fileName,
        source: job.source,
        rotation: 0,
        created: Date.now(),
      }
      if (image.document) {
        const { original, corners, look: made, problems } = image.document
        record.document = { original, corners, look: made, problems, lookBytes: { [made]: image.page.size } }
      }
      saving = true
      await putPage(record)
      storageError.value = null
      if (draftId !== owner) return
      const meta = toMeta(record)
      // An upsert, so a load() that already read this record from IndexedDB does not show it twice.
      pages.value = pages.value.some((page) => page.id === meta.id)
        ? pages.value.map((page) => (page.id === meta.id ? meta : page))
        : [...pages.value, meta]
    } catch (error) {
      if (error instanceof StorageFullError) storageError.value = error.message
      const message =
        error instanceof ImageRejectedError || error instanceof StorageFullError || error instanceof PageNotKeptError
          ? error.message
          : t('pages.processFailed', { reason: error instanceof Error ? error.message : String(error) })
      fail(job.fileName, message, saving)
    } finally {
      memory.releaseBytes(key)
      processedCount.value += 1
    }
  }

  /** Moves the page at position `from` to position `to` and saves the new order. */
  async function reorder(from: number, to: number): Promise<void> {
    assertEditable()
    await commitRemoval()
    const next = moveItem(pages.value, from, to)
    if (next.every((page, index) => page === pages.value[index])) return
    await saveOrder(next)
  }

  async function saveOrder(next: PageMeta[]): Promise<void> {
    const previous = pages.value
    pages.value = next.map((page, order) => ({ ...page, order }))
    try {
      await reorderPages(
        draftId as string,
        next.map((page) => page.id),
      )
    } catch (error) {
      pages.value = previous
      throw error
    }
  }

  const indexOf = (id: string) => pages.value.findIndex((page) => page.id === id)

  /** Moves a page one place towards the start. */
  const moveUp = (id: string) => reorder(indexOf(id), indexOf(id) - 1)
  /** Moves a page one place towards the end. */
  const moveDown = (id: string) => reorder(indexOf(id), indexOf(id) + 1)

  /** Turns a page a quarter clockwise; saved, so a reload shows it the same way. */
  async function rotate(id: string): Promise<void> {
    assertEditable()
    await commitRemoval()
    const page = pages.value.find((entry) => entry.id === id)
    if (!page) return
    if (page.kind === 'pdf') throw new Error(t('pages.pdfRotate'))
    const rotation = nextRotation(page.rotation)
    await updatePage(id, { rotation })
    pages.value = pages.value.map((entry) => (entry.id === id ? { ...entry, rotation } : entry))
  }

  /**
   * Makes a photo page again from its uncropped original, in the worker, with other corners (null: the whole
   * photo) and/or another look; what is not given stays as it was.
   */
  async function reshape(id: string, change: { corners?: Quad | null; look?: PageLook }): Promise<void> {
    assertEditable()
    await commitRemoval()
    const record = await getPage(id)
    if (!record) return
    if (record.kind === 'pdf' || !record.document) throw new Error(t('pages.pdfDocument'))
    const before = record.document
    const chosen = change.corners === undefined ? before.corners : change.corners
    // Plain objects: a reactive proxy cannot be cloned into the worker or IndexedDB.
    const corners = chosen ? (chosen.map(({ x, y }) => ({ x, y })) as Quad) : null
    const look = change.look ?? before.look
    const key = `pages:reshape:${id}`
    memory.holdBytes(key, before.original.size)
    try {
      const image = await getWorker().normalize(before.original, { fileName: record.fileName, document: { look, corners } })
      const problems = image.document?.problems ?? before.problems
      const lookBytes = change.corners === undefined ? { ...before.lookBytes, [look]: image.page.size } : { [look]: image.page.size }
      const patch = {
        blob: image.page,
        thumb: image.thumb,
        width: image.width,
        height: image.height,
        bytes: image.page.size,
        mime: image.mime,
        document: { original: before.original, corners, look, problems, lookBytes },
      }
      const updated = await updatePage(id, patch)
      pages.value = pages.value.map((entry) => (entry.id === id ? toMeta(updated) : entry))
    } finally {
      memory.releaseBytes(key)
    }
  }

  /** Takes a page off the strip; it stays restorable with undoRemove() for UNDO_WINDOW_MS. */
  async function remove(id: string): Promise<void> {
    assertEditable()
    await commitRemoval()
    const index = indexOf(id)
    if (index < 0) return
    const page = pages.value[index] as PageMeta
    pages.value = pages.value.filter((entry) => entry.id !== id)
    if (retakeId.value === id) retakeId.value = null
    pendingRemoval.value = { page, index }
    undoTimer = setTimeout(() => void commitRemoval(), UNDO_WINDOW_MS)
  }

  /** Brings the last deleted page back where it was. */
  async function undoRemove(): Promise<void> {
    const pending = pendingRemoval.value
    if (!pending) return
    clearUndoTimer()
    pendingRemoval.value = null
    await saveOrder(insertAt(pages.value, pending.index, pending.page))
  }

  /** Deletes the pending page from IndexedDB for good: the undo window closed or the clerk moved on. */
  async function commitRemoval(): Promise<void> {
    const pending = pendingRemoval.value
    if (!pending) return
    clearUndoTimer()
    pendingRemoval.value = null
    await deletePage(pending.page.id)
  }

  function clearUndoTimer(): void {
    if (undoTimer) clearTimeout(undoTimer)
    undoTimer = null
  }

  /** The next captured or chosen file replaces this page, keeping its place. */
  function retake(id: string): void {
    assertEditable()
    retakeId.value = indexOf(id) >= 0 ? id : null
  }

  function cancelRetake(): void {
    retakeId.value = null
  }

  function dismissFailure(id: string): void {
    failures.value = failures.value.filter((failure) => failure.id !== id)
  }

  /** Ends the undo window and stops the worker, e.g. when the Scanner is left. */
  async function release(): Promise<void> {
    await commitRemoval()
    released = true
    // Files still queued are finished (and saved) first; drain() stops the worker after the last one.
    if (!queue.length) stopWorker()
  }

  return {
    pages,
    failures,
    jobs,
    batchTotal,
    retakeId,
    pendingRemoval,
    storageError,
    workerState,
    processedCount,
    count,
    editLock,
    setEditLock,
    processing,
    progressText,
    load,
    addFiles,
    whenIdle,
    reorder,
    moveUp,
    moveDown,
    rotate,
    reshape,
    remove,
    undoRemove,
    commitRemoval,
    retake,
    cancelRetake,
    dismissFailure,
    release,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(usePagesStore, import.meta.hot))
