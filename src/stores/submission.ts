import { useOnline } from '@vueuse/core'
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import { t } from '@/locales/i18n'
import { findAttachedFiles, uploadFile } from '@/api/files'
import {
  appendInvoiceItems,
  createPurchaseInvoice,
  deletePurchaseInvoice,
  findInvoiceByClientRequestId,
  getPurchaseInvoice,
} from '@/api/invoices'
import { getMemoryConfig } from '@/api/memory'
import { effectiveBatchSize } from '@/lib/submission/batchSize'
import { takeBackFromServer, DiscardError, type DiscardApi, type DiscardOutcome } from '@/lib/submission/discard'
import { toInvoiceItems, validateDraft, type DraftHeader } from '@/lib/submission/draft'
import { pauseReason as pauseReasonFor } from '@/lib/submission/pause'
import { prepareSubmission } from '@/lib/submission/prepare'
import { submissionResult, type SubmissionResult } from '@/lib/submission/result'
import { isSubmissionComplete, runSubmission } from '@/lib/submission/runner'
import { createSendQueue } from '@/lib/submission/sendQueue'
import type { SubmissionApi, SubmissionProgressReport, SubmissionState, SubmissionStorage } from '@/lib/submission/types'
import type { DraftRecord } from '@/storage/db'
import { deleteDraft, getDraft, isDraftOf, listDrafts, saveSubmissionState } from '@/storage/drafts'
import { deletePagesOfDraft, getPage, listPages } from '@/storage/pages'
import { useDraftStore } from '@/stores/draft'
import { useMemoryStore } from '@/stores/memory'
import { usePagesStore } from '@/stores/pages'
import { useScannerStore } from '@/stores/scanner'
import { useSessionStore } from '@/stores/session'
import { DEFAULT_MEMORY_CONFIG } from '@/types/frappe'
import { createImageWorkerClient, type ImageWorkerClient } from '@/workers/imageWorkerClient'

const api: SubmissionApi = {
  createPurchaseInvoice: (req) => createPurchaseInvoice(req),
  appendInvoiceItems: (req) => appendInvoiceItems(req),
  uploadFile: (blob, { onProgress, ...options }) =>
    uploadFile(blob, { ...options, onProgress: onProgress && ((p) => onProgress(p.fraction ?? 0)) }),
  findAttachedFiles: (docname, blob) => findAttachedFiles(docname, blob),
}

const discardApi: DiscardApi = {
  findInvoiceByClientRequestId: (id) => findInvoiceByClientRequestId(id),
  getPurchaseInvoice: (name) => getPurchaseInvoice(name),
  deletePurchaseInvoice: (name) => deletePurchaseInvoice(name),
}

/**
 * The runner's storage for one draft: states saved into its record, pages read one at a time. A page the
 * clerk turned is turned in the image worker (`images()`, made on first need) just before it is sent.
 */
function storageFor(draftId: string, onSaved: (state: SubmissionState) => void, images: () => ImageWorkerClient): SubmissionStorage {
  return {
    async saveState(state) {
      await saveSubmissionState(draftId, state)
      onSaved(state)
    },
    async readPage(pageId) {
      const page = await getPage(pageId)
      if (!page) return null
      const blob =
        page.kind === 'image' && page.rotation
          ? await images().run('rotate', { blob: page.blob, rotation: page.rotation, mime: page.mime })
          : page.blob
      return { blob, fileName: page.fileName }
    },
  }
}

/**
 * Sends drafts as Purchase Invoices and keeps the app told: progress text, the last error, the success
 * view. The work is done by `lib/submission/` (the runner, the send queue, taking a half-sent invoice back);
 * this store feeds it from IndexedDB and the API, resumes unfinished submissions when the app starts and
 * when the network comes back, and refuses to start while memory is critical.
 */
export const useSubmissionStore = defineStore('submission', () => {
  const scanner = useScannerStore()
  const draft = useDraftStore()
  const memory = useMemoryStore()
  const session = useSessionStore()
  const online = useOnline()
  /** Only the signed-in user's drafts are listed and resumed: another clerk on this device never sends them. */
  const isMine = (record: DraftRecord) => isDraftOf(record, session.userName)

  /** Submission state per draft id, as last saved. */
  const states = ref<Record<string, SubmissionState>>({})
  const progress = ref<SubmissionProgressReport | null>(null)
  const result = shallowRef<SubmissionResult | null>(null)
  const refusal = ref<string | null>(null)

  /** The submission of the draft open on the Scanner, if it has one. */
  const current = computed(() => states.value[scanner.draftId] ?? null)

  const pauseReason = () =>
    pauseReasonFor({
      online: online.value,
      sessionOffline: session.offline,
      canCapture: memory.canCapture,
      memoryRefusal: memory.refusalReason,
    })
  const queue = createSendQueue(send)
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
    refusal.value = t('submission.notSent', { reason: memory.refusalReason ?? t('submission.memoryFull') })
    return true
  }

  /**
   * The clerk pressed Submit invoice on the open draft: validate, fix the client_request_id, save it,
   * and send. Returns false (with the reason shown) when it cannot start.
   */
  async function submit(): Promise<boolean> {
    refusal.value = null
    const id = scanner.draftId
    if (refusedForMemory()) return false
    if (!draft.validation.ok) {
      draft.showProblems = true
      refusal.value = draft.validation.form ?? t('submission.fixFields')
      return false
    }
    const pages = usePagesStore()
    if (pages.jobs.length) {
      refusal.value = t('submission.waitPages')
      return false
    }
    const unkept = pages.failures.filter((failure) => failure.unkept).length
    if (unkept) {
      refusal.value = t('submission.unkept', { n: unkept }, unkept)
      return false
    }
    // A page deleted a moment ago stays in IndexedDB for Undo; Submit ends that window so it is not sent.
    await pages.commitRemoval()
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
    if (queue.isWithheld(id)) return
    const record = await getDraft(id)
    if (!record) return
    if (!validateDraft(record.header, record.lines).ok) {
      refusal.value = t('submission.incomplete')
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
    await queue.enqueue(id)
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
    return effectiveBatchSize(memory.config.batch_size, DEFAULT_MEMORY_CONFIG.batch_size)
  }

  /** One draft's run in the send queue. */
  async function send(id: string, signal: AbortSignal): Promise<void> {
    const record = await getDraft(id)
    if (!record?.submission || (record.submission.phase === 'complete' && isSubmissionComplete(record.submission))) {
      if (record?.submission) await finish(record.id, record.header, record.submission)
      return
    }
    const submission = record.submission
    let images: ImageWorkerClient | null = null
    await scanner.whileSending(id, async () => {
      progress.value = { text: 'Starting…', fraction: 0 }
      try {
        const final = await runSubmission({
          header: record.header,
          items: toInvoiceItems(record.lines),
          state: submission,
          api,
          storage: storageFor(
            id,
            (state) => remember(id, state),
            () => (images ??= createImageWorkerClient()),
          ),
          onProgress: (report) => (progress.value = report),
          signal,
          pauseReason,
          stillSignedIn: () => session.confirmSignedIn(),
        })
        remember(id, final)
        if (final.phase === 'complete') await finish(id, record.header, final)
      } catch (error) {
        // IndexedDB itself failed; the saved state is still the last good step.
        const message = t('submission.stopped', { reason: error instanceof Error ? error.message : String(error) })
        const stopped = states.value[id]
        if (stopped) remember(id, { ...stopped, phase: 'paused', lastError: { message, retryable: true } })
      } finally {
        progress.value = null
        // The worker holds decoder memory; it goes as soon as this draft's pages are sent.
        images?.terminate()
      }
    })
  }

  /** Everything is on the server: delete the draft and its pages, and show what was sent. */
  async function finish(id: string, header: DraftHeader, state: SubmissionState): Promise<void> {
    await forgetDraft(id)
    result.value = submissionResult(id, header, state)
  }

  /** Resumes every submission that was sending or paused (after a reload, or when back online). */
  async function resumeAll(): Promise<void> {
    if (pauseReason()) return
    for (const record of (await listDrafts()).filter(isMine)) {
      const phase = record.submission?.phase
      remember(record.id, record.submission)
      const waiting = phase === 'sending' || phase === 'paused' || phase === 'complete'
      if (waiting && scanner.sendingId !== record.id && !queue.isWithheld(record.id)) void queue.enqueue(record.id)
    }
  }

  // Going offline pauses at once (the runner saves where it was); coming back, or memory recovering, resumes.
  watch(online, (isOnline) => {
    if (!autoResume) return
    if (isOnline) void resumeAll()
    else queue.abort()
  })
  watch(
    () => memory.canCapture && !session.offline,
    (ok) => {
      if (ok && autoResume) void resumeAll()
    },
  )

  /** Resumes unfinished submissions now and whenever the network comes back. Safe to call from every page that sends. */
  function startAutoResume(): void {
    autoResume = true
    // Also after signing in again: a submission paused by an expired session carries on.
    void resumeAll()
  }

  /** Stops resuming on its own and pauses a running submission (sign-out, tests). */
  function stopAutoResume(): void {
    autoResume = false
    queue.abort()
  }

  /**
   * Throws a draft away with its pages (the Outbox's Discard, after confirmation). A partly sent invoice is
   * deleted on the server first, so no half invoice is left in ERPNext; if that cannot be done the draft is
   * kept whole and a DiscardError says why. An invoice with all its lines on the server stays there.
   */
  async function discard(id: string): Promise<DiscardOutcome> {
    if (queue.isWithheld(id)) throw new DiscardError(t('submission.discarding'))
    return queue.withhold(id, async () => {
      const outcome = await takeBackFromServer((await getDraft(id))?.submission ?? null, discardApi)
      await forgetDraft(id)
      return outcome
    })
  }

  /** Deletes a draft and its pages from the device (sent or discarded); the Scanner moves on if it was open there. */
  async function forgetDraft(id: string): Promise<void> {
    await deletePagesOfDraft(id)
    await deleteDraft(id)
    remember(id, null)
    if (scanner.draftId === id) await scanner.startNext()
  }

  function dismissResult(): void {
    result.value = null
  }

  return {
    states,
    current,
    progress,
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
