import { useTimeoutFn } from '@vueuse/core'
import { computed, onScopeDispose, watch } from 'vue'
import { getList } from '@/api/resources'
import { nextPageToRead } from '@/lib/reading/nextPage'
import { planPrefill, type PrefillField } from '@/lib/reading/prefill'
import { findBillNo } from '@/lib/reading/billNo'
import { chooseBillDate } from '@/lib/reading/readFields'
import { chooseTotal } from '@/lib/reading/total'
import { matchSupplier } from '@/lib/reading/supplier'
import type { ReadValue } from '@/lib/reading/types'
import { localToday } from '@/lib/localDate'
import { yieldToMain } from '@/lib/yieldToMain'
import { getPage } from '@/storage/pages'
import { useDraftStore } from '@/stores/draft'
import { useMemoryStore } from '@/stores/memory'
import { useNoticesStore } from '@/stores/notices'
import { usePagesStore } from '@/stores/pages'
import { useReadingStore } from '@/stores/reading'
import { useScannerStore } from '@/stores/scanner'
import type { Supplier } from '@/types/frappe'
import { createReaderEngine, type ReaderEngine, type ReadMode } from '@/workers/readerEngine'
import { t } from '@/locales/i18n'

/** The reader is stopped after this long without a page to read. */
export const READER_IDLE_MS = 60_000
/** Giving up on an engine that has not started by then (a worker that never answers). */
export const READER_LOAD_TIMEOUT_MS = 60_000
/**
 * What the loaded reader is counted as in the memory account: the WebAssembly heap with the English LSTM
 * model and one 2000 px page in Tesseract's buffers. bench:ocr measured a renderer peak of about 135 MB
 * above the idle Scanner over sixteen receipts (docs/benchmarks.md).
 */
export const READER_ACCOUNT_BYTES = 140 * 1024 * 1024
const ACCOUNT_KEY = 'document-reader'
/**
 * What reading a PDF's text layer is counted as while pdf.js is loaded: its worker (a JavaScript heap with
 * pdf.js's 1 MB of code) and the parsed document, a few times the file's size. Released when the text is out.
 */
export const PDF_TEXT_ACCOUNT_BYTES = 24 * 1024 * 1024
const PDF_ACCOUNT_KEY = 'document-reader-pdf'
const NOTICE_ID = 'document-reader'
/** How many suppliers are fetched to match the letterhead against. */
const SUPPLIER_LIMIT = 2000
/**
 * The first pass and the second (made only when Bill Date or Document total is still empty). Local
 * (Sauvola) thresholds first: on the app's own pages it read 14 of 16 dates right against 12 (and one wrong)
 * with Otsu's global one, at the same cost; Otsu then finds most of the totals the first pass missed
 * (docs/benchmarks.md, "Reading: engines and models compared").
 */
export const READ_PASSES: readonly [ReadMode, ReadMode] = ['adaptive', 'plain']
/**
 * At most this many pages of one invoice are read: page after page only while Bill Date or Document total is
 * still empty (a receipt's date is at the top of page 1, an invoice's total often on its last page).
 */
export const READ_PAGE_LIMIT = 3

export interface UseDocumentReaderOptions {
  /** Starts the engine; tests and the bench pass their own. */
  createEngine?: () => Promise<ReaderEngine>
  idleMs?: number
}

export interface UseDocumentReaderReturn {
  /** Stops reading now (the page in progress is dropped) and frees the reader's memory. */
  stop: () => void
}

/**
 * Reads the pages of a new invoice on the device, in the background, and fills the empty header fields from
 * them (Bill Date, Document total, Bill No, Supplier) by the prefill rules: the first page the readability
 * check passed first, then the next ones while Bill Date or Document total is still empty (`nextPageToRead`). The engine is loaded
 * on first use, counted in the memory account while loaded, and stopped after a minute idle, when memory
 * reaches `gc_threshold`, when the memory monitor cleans up, and when the Scanner is left. No reading
 * starts above `gc_threshold`. Capture never waits for it: the reader has its own worker.
 */
export function useDocumentReader(options: UseDocumentReaderOptions = {}): UseDocumentReaderReturn {
  const reading = useReadingStore()
  const pages = usePagesStore()
  const draft = useDraftStore()
  const scanner = useScannerStore()
  const memory = useMemoryStore()
  const notices = useNoticesStore()
  const createEngine = options.createEngine ?? (() => createReaderEngine())
  // Only pages added while the Scanner is open are read: a reopened draft was read (or typed) before.
  const openedAt = Date.now()

  let engine: ReaderEngine | null = null
  let starting: Promise<ReaderEngine> | null = null
  let failed = false
  // Newest read wins by a counter rather than onWatcherCleanup: reads start from calls (and release() ends one), not a watch.
  let generation = 0
  let unregisterCleanup: (() => void) | null = null
  let suppliers: Promise<Supplier[]> | null = null
  /** A page is being read: one at a time, the next chosen when it is done. */
  let busy = false
  /** The draft whose reading the clerk stopped: none of its other pages is read either. */
  let stoppedDraft: string | null = null

  const overThreshold = computed(() => memory.ratio >= memory.config.gc_threshold)
  const idle = useTimeoutFn(() => void release(), options.idleMs ?? READER_IDLE_MS, { immediate: false })

  async function release(): Promise<void> {
    generation += 1
    idle.stop()
    const running = engine
    engine = null
    starting = null
    unregisterCleanup?.()
    unregisterCleanup = null
    memory.releaseBytes(ACCOUNT_KEY)
    if (reading.status !== 'failed') reading.status = 'idle'
    await running?.terminate().catch(() => undefined)
  }

  function getEngine(): Promise<ReaderEngine> {
    if (engine) return Promise.resolve(engine)
    starting ??= (async () => {
      // Our own timeout: VueUse's promiseTimeout cannot be cleared, and would leave a rejection behind a started engine.
      let timer: ReturnType<typeof setTimeout> | undefined
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('the reader did not start in time')), READER_LOAD_TIMEOUT_MS)
      })
      try {
        const started = await Promise.race([createEngine(), timeout])
        engine = started
        memory.holdBytes(ACCOUNT_KEY, READER_ACCOUNT_BYTES)
        unregisterCleanup = memory.registerCleanup(ACCOUNT_KEY, release)
        return started
      } finally {
        clearTimeout(timer)
      }
    })()
    return starting
  }

  function loadSuppliers(): Promise<Supplier[]> {
    suppliers ??= getList<Supplier>('Supplier', {
      fields: ['name', 'supplier_name', 'default_currency'],
      limit_page_length: SUPPLIER_LIMIT,
    }).catch(() => {
      suppliers = null // Offline: try again with the next page; the other fields are filled anyway.
      return []
    })
    return suppliers
  }

  /**
   * Fills what the text gives into the draft's empty fields; answers whether Bill Date or Document total is
   * still empty (Bill No is missing from many receipts: a second pass for it alone would double the time).
   */
  async function apply(draftId: string, text: string): Promise<boolean> {
    // What readFields does, a field at a time with the main thread given back in between.
    await yieldToMain()
    const billDate = chooseBillDate(text, localToday())
    await yieldToMain()
    const total = chooseTotal(text)
    await yieldToMain()
    const billNo = findBillNo(text)
    const read: Partial<Record<PrefillField, ReadValue | null>> = {
      bill_date: billDate,
      bill_no: billNo,
      document_total: total && { ...total, value: total.value.toFixed(2) },
    }
    const known = await loadSuppliers()
    await yieldToMain()
    const match = matchSupplier(text, known)
    if (scanner.draftId !== draftId) return false
    if (match?.confident) read.supplier = { value: match.supplier.name, confidence: 0.9, source: match.source }
    else if (match && !draft.header.supplier && !reading.locked.has('supplier'))
      reading.suggestion = { supplier: match.supplier as Supplier, source: match.source }
    const { header } = draft
    const current = {
      bill_date: header.bill_date,
      bill_no: header.bill_no,
      document_total: header.document_total ?? '',
      supplier: header.supplier,
    }
    const plan = planPrefill({ current, read, locked: reading.locked })
    const { supplier, ...rest } = plan.patch
    if (Object.keys(rest).length) draft.setHeader(rest)
    if (supplier && match) {
      draft.chooseSupplier(match.supplier as Supplier)
      reading.suggestion = null
    }
    reading.noteFilled(plan.sources)
    return keyFieldMissing()
  }

  /** Bill Date or Document total is still empty and the clerk has not made it theirs. */
  function keyFieldMissing(): boolean {
    return (['bill_date', 'document_total'] as const).some((field) => !(draft.header[field] ?? '').trim() && !reading.locked.has(field))
  }

  /**
   * A PDF is read from its text layer only (no OCR): pdf.js is loaded for it and released after. A PDF
   * without text (a scan) gives nothing, and fills nothing, without a word.
   */
  async function readPdfPage(draftId: string, pageId: string, file: Blob, run: number): Promise<void> {
    memory.holdBytes(PDF_ACCOUNT_KEY, PDF_TEXT_ACCOUNT_BYTES + 3 * file.size)
    try {
      const { readPdfText } = await import('@/workers/pdfText')
      const text = await readPdfText(file)
      if (run !== generation || !text.trim()) return
      reading.texts.set(pageId, text)
      await apply(draftId, text)
    } finally {
      memory.releaseBytes(PDF_ACCOUNT_KEY)
    }
  }

  /** Whether a reading may start now: switched on, loadable, and memory below `gc_threshold`. */
  const mayRead = () => reading.enabled && !failed && !overThreshold.value

  async function readPage(draftId: string, pageId: string, pageNumber: number): Promise<void> {
    // A PDF's text layer needs no OCR engine, so an engine that failed to load does not stop it (checked below).
    if (!reading.enabled || overThreshold.value || reading.readPages.has(pageId)) return
    reading.readPages.add(pageId)
    const run = ++generation
    idle.stop()
    reading.pageNumber = pageNumber
    reading.status = 'loading'
    try {
      const record = await getPage(pageId)
      // The strip may still show the last draft's pages for a moment after the next one opened.
      if (!record || record.draftId !== draftId) return
      if (record.kind === 'pdf') {
        // A text layer is read in a moment: no status line (and no Stop) for it.
        reading.status = 'idle'
        return await readPdfPage(draftId, pageId, record.blob, run)
      }
      if (record.kind !== 'image' || failed) return
      let running: ReaderEngine
      try {
        running = await getEngine()
      } catch (error) {
        failed = true
        reading.status = 'failed'
        const why = error instanceof Error ? error.message : String(error)
        notices.push({
          id: NOTICE_ID,
          kind: 'warning',
          text: t('reading.unavailable', { why }),
        })
        return
      }
      if (run !== generation) return
      void loadSuppliers() // Fetched while the page is read, not after.
      reading.status = 'reading'
      const first = await running.read(record.blob, READ_PASSES[0])
      if (run !== generation) return
      reading.texts.set(pageId, first.text)
      // A second pass, binarised the other way, only when the date or the total is still empty.
      if (!(await apply(draftId, first.text)) || run !== generation) return
      const second = await running.read(record.blob, READ_PASSES[1])
      if (run !== generation) return
      await apply(draftId, second.text)
    } catch (error) {
      // A page the engine (or pdf.js) cannot read, or a stop mid-page, leaves the fields as they are, without noise.
      if (run === generation) console.warn('Reading the page failed:', error)
    } finally {
      if (run === generation) {
        if (reading.status !== 'failed') reading.status = 'idle'
        if (engine) idle.start()
      }
    }
  }

  /**
   * Reads the next page worth reading, if any (`nextPageToRead`), and then looks again: after the first page,
   * only while Bill Date or Document total is still empty. One page at a time.
   */
  async function readNext(): Promise<void> {
    const draftId = scanner.draftId
    if (busy || !draftId || stoppedDraft === draftId || !reading.enabled || overThreshold.value) return
    if (reading.readPages.size > 0 && !keyFieldMissing()) return
    const index = nextPageToRead({
      pages: pages.pages.map((page) => ({ ...page, problems: page.document?.problems ?? [] })),
      read: reading.readPages,
      since: openedAt,
      capturing: pages.jobs.length > 0,
      limit: READ_PAGE_LIMIT,
    })
    const page = index === null ? undefined : pages.pages[index]
    if (index === null || !page) return
    busy = true
    try {
      await readPage(draftId, page.id, index + 1)
    } finally {
      busy = false
    }
    void readNext()
  }

  watch(
    () => scanner.draftId,
    (draftId) => {
      if (draftId) reading.openDraft(draftId)
    },
    { immediate: true },
  )
  // A page added, retaken or checked, or the last photo made into a page: there may be a page to read now.
  watch(
    () => [scanner.draftId, pages.jobs.length, pages.pages.map((page) => `${page.id}:${page.document?.problems.length ?? 0}`).join()],
    () => void readNext(),
    { immediate: true },
  )
  // The engine loads (about 5 MB of core and model, compiled) while page 1 of a new invoice is still being
  // made from the photo, so the reading starts as soon as the page is there; in its own worker, on the
  // other core, it does not hold the photo up. A failure here is reported when the page is read.
  watch(
    () => !!pages.processing && pages.pages.length === 0 && !!scanner.draftId,
    (firstPageComing) => {
      if (!firstPageComing || !mayRead() || engine) return
      getEngine().then(
        () => {
          // A photo that did not become a page leaves the engine unused: it is stopped when idle as usual.
          if (reading.status === 'idle') idle.start()
        },
        () => undefined,
      )
    },
  )
  watch(overThreshold, (over) => {
    if (over && (engine || starting)) void release()
  })
  watch(
    () => reading.enabled,
    (on) => {
      if (!on) void release()
    },
  )
  onScopeDispose(() => void release())

  return {
    stop: () => {
      stoppedDraft = scanner.draftId
      void release()
    },
  }
}
