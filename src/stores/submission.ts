import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import { uploadFile } from '@/api/files'
import { appendInvoiceItems, createPurchaseInvoice, deletePurchaseInvoice, findInvoiceByClientRequestId, getPurchaseInvoice } from '@/api/invoices'
import { getMemoryConfig } from '@/api/memory'
import { toInvoiceItems, validateDraft } from '@/lib/submission/draft'
import { prepareSubmission } from '@/lib/submission/prepare'
import { rotateImageBlob } from '@/lib/submission/rotateImage'
import { classifyError } from '@/lib/submission/problems'
import { isSubmissionComplete, runSubmission } from '@/lib/submission/runner'
import type { SubmissionApi, SubmissionProgressReport, SubmissionState, SubmissionStorage } from '@/lib/submission/types'
import { getCurrentDraftId, startNewDraft } from '@/storage/currentDraft'
import { deleteDraft, getDraft, isDraftOf, listDrafts, saveSubmissionState, type DraftRecord } from '@/storage/drafts'
import { deletePagesOfDraft, getPage, listPages } from '@/storage/pages'
import { useDraftStore } from '@/stores/draft'
import { useMemoryStore } from '@/stores/memory'
import { useObjectUrlsStore } from '@/stores/objectUrls'
import { usePagesStore } from '@/stores/pages'
import { useSessionStore } from '@/stores/session'
import { DEFAULT_MEMORY_CONFIG } from '@/types/frappe'

/** What the success view shows once the server has the whole invoice. */
export interface SubmissionResult {
  draftId: string
  invoice: string
  grandTotal: number
  currency: string
  supplierName: string
  billNo: string
  lines: number
  pages: number
}

/** What discarding a draft did on the server, for the Outbox to tell the clerk. */
export interface DiscardOutcome {
  /** The partly sent invoice taken back from the server (or found gone already). */
  removedFromServer: string | null
  /** An invoice that has all its lines on the server, so it stays there. */
  keptOnServer: string | null
}

/** A discard refused because the server still holds part of the invoice; nothing was thrown away. */
export class DiscardError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DiscardError'
  }
}

/** append_invoice_items refuses more lines than this in one call. */
const MAX_BATCH_SIZE = 500

/** The object URL owner of the Scanner's page thumbnails (the full-size viewer frees its own URL on close). */
const THUMBNAIL_URL_OWNER = 'scanner-thumbnails'

const api: SubmissionApi = {
  createPurchaseInvoice: (req) => createPurchaseInvoice(req),
  appendInvoiceItems: (req) => appendInvoiceItems(req),
  uploadFile: (blob, { onProgress, ...options }) => uploadFile(blob, { ...options, onProgress: onProgress && ((p) => onProgress(p.fraction ?? 0)) }),
}

function storageFor(draftId: string, onSaved: (state: SubmissionState) => void): SubmissionStorage {
  return {
    async saveState(state) {
      await saveSubmissionState(draftId, state)
      onSaved(state)
    },
    async readPage(pageId) {
      const page = await getPage(pageId)
      if (!page) return null
      const blob = page.kind === 'image' && page.rotation ? await rotateImageBlob(page.blob, page.rotation, page.mime) : page.blob
      return { blob, fileName: page.fileName }
    },
  }
}

/**
 * Sends drafts as Purchase Invoices with the submission engine and keeps the Scanner
 * told: progress text, the last error, the success view. Resumes unfinished submissions when the app
 * starts and when the network comes back; refuses to start while memory is critical.
 */
export const useSubmissionStore = defineStore('submission', () => {
  const draft = useDraftStore()
  const memory = useMemoryStore()
  const session = useSessionStore()
  /** Only the signed-in user's drafts are listed and resumed: another clerk on this device never sends them. */
  const isMine = (record: DraftRecord) => isDraftOf(record, session.userName)

  /** Submission state per draft id, as last saved. */
  const states = ref<Record<string, SubmissionState>>({})
  const progress = ref<SubmissionProgressReport | null>(null)
  /** The draft being sent right now; one at a time, so one batch and one page Blob at most are in memory. */
  const sendingId = ref<string | null>(null)
  const result = shallowRef<SubmissionResult | null>(null)
  const refusal = ref<string | null>(null)

  const current = computed(() => (draft.draftId ? (states.value[draft.draftId] ?? null) : null))
  const isSending = computed(() => sendingId.value !== null && sendingId.value === draft.draftId)

  let controller: AbortController | null = null
  /** The send in progress, so a discard waits for its own draft's run only, not for the whole queue. */
  let running: Promise<void> = Promise.resolve()
  /** Drafts being discarded: nothing may start sending them meanwhile (Retry, `online`, the queue). */
  const discarding = new Set<string>()

  /**
   * Sending waits while offline, until the server has confirmed the sign-in of a clerk who started offline,
   * and while memory is critical; it resumes on `online`, once the sign-in is confirmed, or when memory recovers.
   */
  function pauseReason(): string | null {
    if (!navigator.onLine || session.offline) return 'Offline: sending resumes when the network is back.'
    if (!memory.canCapture) return `Paused: ${memory.refusalReason ?? 'memory is nearly full.'} Sending resumes when memory recovers.`
    return null
  }
  let queue: Promise<void> = Promise.resolve()
  let autoResume = false

  function remember(id: string, state: SubmissionState | null): void {
    const next = { ...states.value }
    if (state) next[id] = state
    else delete next[id]
    states.value = next
  }

  /** Nothing starts while memory is critical; says why and answers true when refused. */
  function refusedForMemory(): boolean {
    if (memory.canCapture) return false
    refusal.value = `Not sent: ${memory.refusalReason ?? 'memory is nearly full.'}`
    return true
  }

  /**
   * The clerk pressed Submit invoice on the current draft: validate, fix the client_request_id, save it,
   * and send. Returns false (with the reason shown) when it cannot start.
   */
  async function submit(): Promise<boolean> {
    refusal.value = null
    const id = draft.draftId
    if (!id) return false
    if (refusedForMemory()) return false
    if (!draft.validation.ok) {
      draft.showProblems = true
      refusal.value = draft.validation.form ?? 'Fix the fields marked in red, then submit again.'
      return false
    }
    const pages = usePagesStore()
    if (pages.draftId === id && pages.jobs.length) {
      refusal.value = 'Wait until every page has been processed, then submit again.'
      return false
    }
    const unkept = pages.draftId === id ? pages.failures.filter((failure) => failure.unkept).length : 0
    if (unkept) {
      refusal.value = `${unkept === 1 ? '1 photo' : `${unkept} photos`} you added could not be kept on this device, so this invoice would be sent without them. Add them again, or dismiss their messages to send without them.`
      return false
    }
    // A page deleted a moment ago stays in IndexedDB for Undo; Submit ends that window so it is not sent.
    if (pages.draftId === id) await pages.commitRemoval()
    await draft.flush()
    result.value = null
    await start(id)
    return true
  }

  /** Retries a stopped or paused submission (the Outbox's Retry), or sends a draft never sent. */
  async function retry(id: string): Promise<void> {
    if (refusedForMemory()) return
    await start(id)
  }

  async function start(id: string): Promise<void> {
    if (discarding.has(id)) return
    const record = await getDraft(id)
    if (!record) return
    const issues = validateDraft(record.header, record.lines)
    if (!issues.ok) {
      refusal.value = 'This draft is not complete: open it on the Scanner to fix it.'
      return
    }
    const batchSize = await currentBatchSize()
    const pages = await listPages(id)
    const state = prepareSubmission({
      previous: record.submission,
      newClientRequestId: () => crypto.randomUUID(),
      batchSize,
      items: record.lines.length,
      pageIds: pages.map((page) => page.id),
      now: Date.now(),
    })
    await saveSubmissionState(id, state)
    remember(id, state)
    await enqueue(id)
  }

  /** get_memory_config's batch_size, asked once if the memory store has not had the server's answer. */
  async function currentBatchSize(): Promise<number> {
    if (memory.configSource !== 'server') {
      try {
        memory.applyConfig(await getMemoryConfig())
      } catch {
        // The default batch size is safe for any server.
      }
    }
    // The server takes at most 500 lines per call; a nonsense setting falls back to the default.
    const size = Math.floor(memory.config.batch_size)
    return size >= 1 ? Math.min(size, MAX_BATCH_SIZE) : DEFAULT_MEMORY_CONFIG.batch_size
  }

  /** Runs one draft's submission after any that is already running. */
  function enqueue(id: string): Promise<void> {
    queue = queue.then(() => (running = send(id))).catch(() => undefined)
    return queue
  }

  async function send(id: string): Promise<void> {
    if (discarding.has(id)) return
    const record = await getDraft(id)
    if (!record?.submission || record.submission.phase === 'complete' && isSubmissionComplete(record.submission)) {
      if (record?.submission) await finish(record, record.submission)
      return
    }
    controller = new AbortController()
    sendingId.value = id
    progress.value = { text: 'Starting…', fraction: 0 }
    try {
      const final = await runSubmission({
        header: record.header,
        items: toInvoiceItems(record.lines),
        state: record.submission,
        api,
        storage: storageFor(id, (state) => remember(id, state)),
        onProgress: (report) => (progress.value = report),
        signal: controller.signal,
        pauseReason,
      })
      remember(id, final)
      if (final.phase === 'complete') await finish(record, final)
    } catch (error) {
      // IndexedDB itself failed; the saved state is still the last good step.
      const message = `Sending stopped: ${error instanceof Error ? error.message : String(error)}`
      const stopped = states.value[id]
      if (stopped) remember(id, { ...stopped, phase: 'paused', lastError: { message, retryable: true } })
    } finally {
      sendingId.value = null
      controller = null
      progress.value = null
    }
  }

  /** Everything is on the server: delete the draft and its pages, free their URLs, start a new draft. */
  async function finish(record: DraftRecord, state: SubmissionState): Promise<void> {
    await forgetDraft(record.id)
    result.value = {
      draftId: record.id,
      invoice: state.invoice ?? '',
      grandTotal: state.progress?.grand_total ?? 0,
      currency: record.header.currency,
      supplierName: record.header.supplier_name || record.header.supplier,
      billNo: record.header.bill_no,
      lines: state.expectedItems,
      pages: state.uploadedPages.length,
    }
  }

  /** Resumes every submission that was sending or paused (after a reload, or when back online). */
  async function resumeAll(): Promise<void> {
    if (pauseReason()) return
    for (const record of (await listDrafts()).filter(isMine)) {
      const phase = record.submission?.phase
      remember(record.id, record.submission)
      const waiting = phase === 'sending' || phase === 'paused' || phase === 'complete'
      if (waiting && sendingId.value !== record.id && !discarding.has(record.id)) void enqueue(record.id)
    }
  }

  const onOnline = () => void resumeAll()
  watch(
    () => memory.canCapture && !session.offline,
    (ok) => {
      if (ok && autoResume) void resumeAll()
    },
  )
  // Going offline pauses at once; the runner saves where it was and `online` resumes it.
  const onOffline = () => controller?.abort()

  /** Resumes unfinished submissions now and whenever the network comes back. Safe to call from every page that sends. */
  function startAutoResume(): void {
    if (!autoResume) {
      autoResume = true
      window.addEventListener('online', onOnline)
      window.addEventListener('offline', onOffline)
    }
    // Also after signing in again: a submission paused by an expired session carries on.
    void resumeAll()
  }

  /** Stops listening for the network and pauses a running submission (sign-out, tests). */
  function stopAutoResume(): void {
    autoResume = false
    window.removeEventListener('online', onOnline)
    window.removeEventListener('offline', onOffline)
    controller?.abort()
  }

  /**
   * Throws a draft away with its pages (the Outbox's Discard, after confirmation). A partly sent invoice is
   * deleted on the server first, so no half invoice is left in ERPNext; if that cannot be done the draft is
   * kept whole and a DiscardError says why. An invoice with all its lines on the server stays there.
   */
  async function discard(id: string): Promise<DiscardOutcome> {
    if (discarding.has(id)) throw new DiscardError('This invoice is being discarded already.')
    discarding.add(id)
    try {
      // Only this draft's own run is waited for; a run of it still queued will see `discarding` and skip.
      if (sendingId.value === id) {
        controller?.abort()
        await running
      }
      const state = (await getDraft(id))?.submission ?? null
      const outcome = await takeBackFromServer(state)
      await forgetDraft(id)
      return outcome
    } finally {
      discarding.delete(id)
    }
  }

  async function takeBackFromServer(state: SubmissionState | null): Promise<DiscardOutcome> {
    const nothing = { removedFromServer: null, keptOnServer: null }
    if (!state) return nothing
    let invoice = state.invoice
    try {
      // A create whose answer never came back may still have made the invoice: ask for it by request id.
      invoice ??= (await findInvoiceByClientRequestId(state.clientRequestId))?.name ?? null
    } catch (caught) {
      throw new DiscardError(`Not discarded: the server may hold part of this invoice, and it could not be checked. ${classifyError(caught).message}`)
    }
    if (!invoice) return nothing
    if (state.progress?.status === 'Complete') return { removedFromServer: null, keptOnServer: invoice }
    try {
      await deletePurchaseInvoice(invoice)
    } catch (caught) {
      const error = classifyError(caught)
      // Gone already (another tab discarded it).
      if (error.status === 404 && error.excType === 'DoesNotExistError') return { removedFromServer: invoice, keptOnServer: null }
      // Refused because its last lines landed meanwhile: then it is the server's now. Any other refusal stops here.
      if (error.status === 417 && (await isCompleteOnServer(invoice))) return { removedFromServer: null, keptOnServer: invoice }
      throw new DiscardError(`Not discarded: ${invoice} holds part of this invoice on the server and could not be removed. ${error.message}`)
    }
    return { removedFromServer: invoice, keptOnServer: null }
  }

  async function isCompleteOnServer(invoice: string): Promise<boolean> {
    try {
      return (await getPurchaseInvoice(invoice)).status === 'Complete'
    } catch {
      return false
    }
  }

  /** Deletes a draft and its pages from the device (sent or discarded); the Scanner moves on if it was open there. */
  async function forgetDraft(id: string): Promise<void> {
    await deletePagesOfDraft(id)
    await deleteDraft(id)
    remember(id, null)
    if (getCurrentDraftId(session.userName) === id) await startNextDraft()
  }

  /** The Scanner moves on to a fresh draft: form, pages and their object URLs. */
  async function startNextDraft(): Promise<void> {
    const next = startNewDraft(session.userName)
    draft.reset()
    await draft.load(next)
    await usePagesStore().load(next)
    useObjectUrlsStore().releaseOwner(THUMBNAIL_URL_OWNER)
  }

  function dismissResult(): void {
    result.value = null
  }

  return {
    states,
    current,
    progress,
    sendingId,
    isSending,
    result,
    refusal,
    submit,
    retry,
    resumeAll,
    startAutoResume,
    stopAutoResume,
    discard,
    dismissResult,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useSubmissionStore, import.meta.hot))
