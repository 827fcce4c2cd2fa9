import { useTimeoutFn } from '@vueuse/core'
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { Quad } from '@/lib/document/geometry'
import { isPageLook, type PageLook } from '@/lib/document/looks'
import { addQuarterTurn, type QuarterTurn } from '@/lib/document/quarterTurn'
import { insertAt, moveItem, nextRotation } from '@/lib/pageOrder'
import type { PageDocument, PageRecord, PageSource } from '@/storage/db'
import { PageNotKeptError, pageBytesMode } from '@/storage/blobSupport'
import { deletePage, getPage, listPages, putPage, reorderPages, StorageFullError, updatePage } from '@/storage/pages'
import { useMemoryStore } from '@/stores/memory'
import { useSettingsStore } from '@/stores/settings'
import {
  createImageWorkerClient,
  ImageRejectedError,
  type ImageWorkerClient,
  type ImageWorkerState,
  type NormalizedImage,
} from '@/workers/imageWorkerClient'
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
  /** The worker's answer. */
  made: Promise<Made>
}

/** A page that was added as the same image as another page of the invoice, until the clerk keeps or deletes it. */
export interface SameImage {
  /** The page just added. */
  id: string
  /** The page it repeats. */
  of: string
}

/** What the worker made of a file, or why it could not. */
type Made = { image: NormalizedImage } | { error: unknown }

/** How long a deleted page can be brought back with Undo. */
export const UNDO_WINDOW_MS = 8000

/**
 * What an image worker started ahead of the first photo holds while it waits: a worker's own heap with the
 * image and document code loaded. An allowance rather than a measurement (a browser does not tell a page what
 * one worker holds); it keeps the memory account from treating a warm worker as free.
 */
export const WARM_IMAGE_WORKER_BYTES = 16 * 1024 * 1024
/** A worker started ahead of photos that did not come is stopped after this long, as the reader's is. */
export const WARM_IMAGE_WORKER_IDLE_MS = 60_000
const WARM_ACCOUNT_KEY = 'pages:warm-image-worker'

/** A PDF goes to the server byte for byte, so a turn the clerk gave it here would be lost: it is not offered. */
export const PDF_ROTATE_REASON = t('pages.pdfRotate')

function toMeta({ blob: _blob, thumb: _thumb, draftId: _draftId, document, ...meta }: PageRecord): PageMeta {
  if (!document) return meta
  const { original: _original, ...shape } = document
  return { ...meta, document: shape }
}

/** A PDF is sent byte for byte: nothing in it is cropped or recoloured. */
export const PDF_DOCUMENT_REASON = t('pages.pdfDocument')

/** The fields a made image gives a page record, whether it is a new page or one made again. */
function madeFields(image: NormalizedImage): Pick<PageRecord, 'blob' | 'thumb' | 'width' | 'height' | 'bytes' | 'mime' | 'sha256'> {
  const { page, thumb, width, height, mime, sha256 } = image
  // The worker's digest of the page, so storage does not read the bytes on the main thread to hash them (a PDF has none).
  return { blob: page, thumb, width, height, bytes: page.size, mime, ...(sha256 ? { sha256 } : {}) }
}

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
 * The Scanner's pages for the current draft: metadata in memory, images in IndexedDB. Files are made into
 * pages by the image worker client (several at once where the cores and memory allow) and saved in the
 * order they arrived, each as soon as it and those before it are ready.
 */
export const usePagesStore = defineStore('pages', () => {
  const memory = useMemoryStore()

  /**
   * The draft these pages belong to; which draft that is, the scanner store decides (open, startNext). A plain
   * variable compared after each await (newest load wins, a page made for an earlier draft is not shown): a
   * watch with onWatcherCleanup would do the same but could not be awaited by load()'s callers.
   */
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

  const sameImageRaised = ref<SameImage[]>([])
  /**
   * The same-image notices that are still true: both pages are there and still have the same bytes (a new look
   * or crop of either makes them differ, and the notice goes).
   */
  const sameImage = computed(() =>
    sameImageRaised.value.filter(({ id, of }) => {
      const page = pages.value.find((entry) => entry.id === id)
      const other = pages.value.find((entry) => entry.id === of)
      return !!page?.sha256 && page.sha256 === other?.sha256
    }),
  )

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
    return job ? t('progress.processingFile', { n: job.position, total: batchTotal.value, file: job.fileName }) : null
  })

  const queue: QueuedFile[] = []
  let draining: Promise<void> | null = null
  /** Closes the undo window of the last deleted page; started by remove(), stopped by undo or commit. */
  const undoTimer = useTimeoutFn(() => void commitRemoval(), UNDO_WINDOW_MS, { immediate: false })
  // Our own client rather than VueUse's useWebWorker: it restarts a crashed worker, pools photos by memory and
  // answers in order, none of which useWebWorker does; it is made on the first file and stopped on release.
  let worker: ImageWorkerClient | null = null
  let unregisterCleanup: (() => void) | null = null
  /** Set when the Scanner is left, so the worker stops once the files still queued are done. */
  let released = false
  /** Stops a worker started by warm() when no file came for it. */
  const warmIdle = useTimeoutFn(
    () => {
      if (!queue.length) stopWorker()
    },
    WARM_IMAGE_WORKER_IDLE_MS,
    { immediate: false },
  )

  function getWorker(): ImageWorkerClient {
    worker ??= createImageWorkerClient({
      onDecoding: (pixels) => memory.setDecodingPixels(pixels),
      onStateChange: (snapshot) => (workerState.value = snapshot.state),
      // Read when a second or later photo would start beside the running ones: one at a time when memory is tight.
      memory: () => ({
        accountBytes: memory.accountBytes,
        budgetBytes: memory.budgetBytes,
        ratio: memory.ratio,
        gcThreshold: memory.config.gc_threshold,
      }),
    })
    // Under memory pressure the monitor restarts the worker to hand its decoder memory back.
    unregisterCleanup ??= memory.registerCleanup('image-worker', () => {
      worker?.restart()
      memory.releaseBytes(WARM_ACCOUNT_KEY)
    })
    return worker
  }

  /**
   * Starts the first image worker while the clerk has not yet picked a photo (the Scanner opened, a capture
   * control touched), so the first page does not wait for a cold worker. Counted in the memory account while it
   * waits; not done while capture is refused (memory too tight, the draft being sent).
   */
  function warm(): void {
    if (!draftId || editLock.value || !memory.canCapture || worker?.state === 'busy') return
    getWorker().warm()
    memory.holdBytes(WARM_ACCOUNT_KEY, WARM_IMAGE_WORKER_BYTES)
    if (!queue.length) warmIdle.start()
  }

  function fail(fileName: string, message: string, unkept = false): void {
    failures.value = [...failures.value, { id: crypto.randomUUID(), fileName, message, ...(unkept ? { unkept } : {}) }]
  }

  /** Loads the metadata of a draft's pages, e.g. after a reload. */
  async function load(id: string): Promise<void> {
    await commitRemoval()
    draftId = id
    sameImageRaised.value = []
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
    warmIdle.stop()
    if (!queue.length) batchTotal.value = 0
    for (const file of files) {
      const fileName = nameOf(file, unnamed(source, file))
      const replaces = retakeId.value
      retakeId.value = null
      batchTotal.value += 1
      const job = { id: crypto.randomUUID(), fileName, position: batchTotal.value, state: 'queued', file, source, replaces } as QueuedFile
      // Handed to the worker client at once: it makes as many at a time as the cores and the memory budget
      // allow and answers in order, and drain() saves them in that order.
      job.made = make(job)
      queue.push(job)
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
      markProcessing(job)
      await land(job, await job.made)
      queue.shift()
      jobs.value = jobs.value.filter((entry) => entry.id !== job.id)
    }
    batchTotal.value = 0
    if (released) stopWorker()
  }

  function markProcessing(job: QueuedFile): void {
    if (job.state === 'processing') return
    job.state = 'processing'
    jobs.value = jobs.value.map((entry) => (entry.id === job.id ? { ...entry, state: 'processing' } : entry))
  }

  function stopWorker(): void {
    warmIdle.stop()
    memory.releaseBytes(WARM_ACCOUNT_KEY)
    unregisterCleanup?.()
    unregisterCleanup = null
    worker?.terminate()
    worker = null
    workerState.value = 'stopped'
  }

  /** Has the worker make `job`'s page; never rejects, so the pages after it still land. */
  async function make(job: QueuedFile): Promise<Made> {
    const key = `pages:${job.id}`
    try {
      const look = useSettingsStore().pageLook
      // Where pages are kept as bytes in memory, the original is the page encoded rather than the photo.
      const encodeOriginal = (await pageBytesMode()) !== 'blob'
      const image = await getWorker().normalize(job.file, {
        fileName: job.fileName,
        document: { look: isPageLook(look) ? look : 'document', encodeOriginal },
        onStart: () => {
          // Counted while a worker has it: the photo's bytes are read there.
          memory.holdBytes(key, job.file.size)
          markProcessing(job)
        },
      })
      return { image }
    } catch (error) {
      return { error }
    } finally {
      memory.releaseBytes(key)
    }
  }

  /** Saves a made page (or names the file that failed), in the order the files came. */
  async function land(job: QueuedFile, made: Made): Promise<void> {
    // Set once the worker made a page: a failure after it means the device could not keep that page.
    let saving = false
    try {
      if ('error' in made) throw made.error
      const { image } = made
      const target = job.replaces ? pages.value.find((page) => page.id === job.replaces) : undefined
      const owner = draftId as string
      const record: PageRecord = {
        id: target?.id ?? crypto.randomUUID(),
        draftId: owner,
        order: target?.order ?? pages.value.reduce((max, page) => Math.max(max, page.order + 1), 0),
        kind: image.kind,
        ...madeFields(image),
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
      const stored = await putPage(record)
      storageError.value = null
      if (draftId !== owner) return
      const meta = toMeta(stored)
      // Said as the page arrives, rather than sending it and letting the server merge the two.
      const twin = meta.sha256 ? pages.value.find((page) => page.id !== meta.id && page.sha256 === meta.sha256) : undefined
      sameImageRaised.value = [
        ...sameImageRaised.value.filter((notice) => notice.id !== meta.id),
        ...(twin ? [{ id: meta.id, of: twin.id }] : []),
      ]
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

  /**
   * Turns a page a quarter clockwise; saved, so a reload shows it the same way. A shaped photo page is made
   * again from its kept original in the worker, turned while it is flattened (its crop and look kept), so
   * four turns give back the page it was; other pages keep the turn on the record and are turned when sent.
   */
  async function rotate(id: string): Promise<void> {
    assertEditable()
    await commitRemoval()
    const page = pages.value.find((entry) => entry.id === id)
    if (!page) return
    if (page.kind === 'pdf') throw new Error(t('pages.pdfRotate'))
    // A turn kept on the record by an older version is folded into the made one, so it is not shown twice.
    if (page.document) return reshape(id, { turn: addQuarterTurn((((page.document.turn ?? 0) + page.rotation) % 360) as QuarterTurn) })
    const rotation = nextRotation(page.rotation)
    await updatePage(id, { rotation })
    pages.value = pages.value.map((entry) => (entry.id === id ? { ...entry, rotation } : entry))
  }

  /**
   * Makes a photo page again from its uncropped original, in the worker, with other corners (null: the whole
   * photo), another look and/or another turn; what is not given stays as it was.
   */
  async function reshape(id: string, change: { corners?: Quad | null; look?: PageLook; turn?: QuarterTurn }): Promise<void> {
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
    const turn = change.turn ?? before.turn ?? 0
    const key = `pages:reshape:${id}`
    memory.holdBytes(key, before.original.size)
    try {
      const image = await getWorker().normalize(before.original, { fileName: record.fileName, document: { look, corners, turn } })
      const problems = image.document?.problems ?? before.problems
      // Only a new look keeps the other looks' bytes: a new crop or turn makes every look's page anew.
      const sameShape = change.corners === undefined && change.turn === undefined
      const lookBytes = sameShape ? { ...before.lookBytes, [look]: image.page.size } : { [look]: image.page.size }
      const patch = {
        ...madeFields(image),
        document: { original: before.original, corners, look, problems, lookBytes, ...(turn ? { turn } : {}) },
        ...(change.turn === undefined ? {} : { rotation: 0 as const }),
      }
      const updated = await updatePage(id, patch)
      pages.value = pages.value.map((entry) => (entry.id === id ? toMeta(updated) : entry))
    } finally {
      memory.releaseBytes(key)
    }
  }

  /**
   * The uncropped original as the corner editor shows it, no larger than a page. The original is often the
   * photo as it came: shown as it is, a 12 MP photo was measured to hold ~20 MB more in the tab than its
   * 2000 px page, so the worker makes a page-size copy as it made the page (a photo that fits comes back as
   * it is). Null for a page with no original.
   */
  async function originalToShow(id: string): Promise<Blob | null> {
    const record = await getPage(id)
    const original = record?.document?.original
    if (!record || !original) return null
    const key = `pages:original:${id}`
    memory.holdBytes(key, original.size)
    try {
      return (await getWorker().normalize(original, { fileName: record.fileName })).page
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
    undoTimer.start()
  }

  /** Brings the last deleted page back where it was. */
  async function undoRemove(): Promise<void> {
    const pending = pendingRemoval.value
    if (!pending) return
    undoTimer.stop()
    pendingRemoval.value = null
    await saveOrder(insertAt(pages.value, pending.index, pending.page))
  }

  /** Deletes the pending page from IndexedDB for good: the undo window closed or the clerk moved on. */
  async function commitRemoval(): Promise<void> {
    const pending = pendingRemoval.value
    if (!pending) return
    undoTimer.stop()
    pendingRemoval.value = null
    await deletePage(pending.page.id)
  }

  /** The next captured or chosen file replaces this page, keeping its place. */
  function retake(id: string): void {
    assertEditable()
    retakeId.value = indexOf(id) >= 0 ? id : null
  }

  function cancelRetake(): void {
    retakeId.value = null
  }

  /** The clerk keeps a page that is the same image as another: its notice goes. */
  function keepSameImage(id: string): void {
    sameImageRaised.value = sameImageRaised.value.filter((notice) => notice.id !== id)
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
    sameImageRaised,
    sameImage,
    keepSameImage,
    count,
    editLock,
    setEditLock,
    processing,
    progressText,
    load,
    warm,
    addFiles,
    whenIdle,
    reorder,
    moveUp,
    moveDown,
    rotate,
    reshape,
    originalToShow,
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
