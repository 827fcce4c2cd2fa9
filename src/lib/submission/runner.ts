import { retryDelay } from '@/lib/backoff'
import { t } from '@/locales/i18n'
import { parseTypedNumber } from './draft'
import { fingerprintBatch } from './fingerprint'
import { describeStep, nextStep, planSteps } from './plan'
import { classifyError, locateProblem } from './problems'
import type { FrappeFile } from '@/types/frappe'
import type {
  InvoiceItemInput,
  SubmissionApi,
  SubmissionClock,
  SubmissionHeader,
  SubmissionProblem,
  SubmissionProgressReport,
  SubmissionState,
  SubmissionStep,
  SubmissionStorage,
} from './types'

export interface RunSubmissionOptions {
  header: SubmissionHeader
  items: readonly InvoiceItemInput[]
  /** The saved state to continue from; never mutated, each change is a new object that is saved. */
  state: SubmissionState
  api: SubmissionApi
  storage: SubmissionStorage
  clock?: SubmissionClock
  onProgress?: (report: SubmissionProgressReport) => void
  /** Aborting pauses the submission where it is; it resumes from the last acknowledged step. */
  signal?: AbortSignal
  /** Tries per step before pausing with the last retryable error (resumed later by the app). */
  maxAttempts?: number
  /**
   * Why sending should stop for now (offline, memory critical), or null to go on. Asked before every
   * step and after every failure, so the runner pauses instead of burning retries.
   */
  pauseReason?: () => string | null
  /**
   * Asked after a plain 403: Frappe v15 refuses a Guest with 403 PermissionError (frappe/__init__.py
   * `is_whitelisted`), the same answer a signed-in user gets for what they may not do. False (nobody signed in)
   * pauses the invoice for sign-in instead of failing it. Without it, a 403 is a refusal.
   */
  stillSignedIn?: () => Promise<boolean>
}

/** A clock on real timers, with an abortable sleep (raw timers: lib/ has no Vue, and the runner's tests swap the clock). */
export const realClock: SubmissionClock = {
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve()
      const done = () => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      signal?.addEventListener('abort', done, { once: true })
    }),
  random: Math.random,
  now: Date.now,
}

/** True when the server said Complete and every page is attached. */
export function isSubmissionComplete(state: SubmissionState): boolean {
  return state.progress?.scan_status === 'Complete' && state.pageIds.every((id) => state.uploadedPages.includes(id))
}

/**
 * Sends a draft as a Purchase Invoice, step by step, from wherever `state` says it got to: create with
 * batch 0, append the other batches, upload each page (its Blob read just before sending). The state is
 * saved after every acknowledged step. Network errors, timeouts, 5xx and 503 are retried with jittered
 * exponential backoff (honouring Retry-After); any other refusal stops with the server's message pinned to
 * the field, line or page it concerns. Resolves with the final state: complete, failed, or paused.
 */
export async function runSubmission(options: RunSubmissionOptions): Promise<SubmissionState> {
  const { header, items, api, storage, onProgress, signal } = options
  const clock = options.clock ?? realClock
  const maxAttempts = options.maxAttempts ?? 6
  const stillSignedIn = options.stillSignedIn ?? (() => Promise.resolve(true))
  let state: SubmissionState = { ...options.state, phase: 'sending', lastError: null }
  const steps = planSteps(items.length, state.batchSize, state.pageIds)
  const totalPages = state.pageIds.length

  const save = async (patch: Partial<SubmissionState>) => {
    state = { ...state, ...patch, updated: clock.now() }
    await storage.saveState(state)
  }
  const report = (step: SubmissionStep, uploadFraction = 0, retryInMs?: number) => {
    const done = steps.indexOf(step) + (step.kind === 'upload' ? uploadFraction : 0)
    const waiting = retryInMs === undefined && (step.kind !== 'upload' || uploadFraction >= 1)
    onProgress?.({ text: describeStep(step, items.length, totalPages, uploadFraction), fraction: done / steps.length, retryInMs, waiting })
  }

  const mismatch = checkConsistency(state, items)
  if (mismatch) {
    await save({ phase: 'failed', lastError: mismatch })
    return state
  }
  await save({})

  for (let step = nextStep(steps, state); step; step = nextStep(steps, state)) {
    let attempt = 0
    for (;;) {
      if (signal?.aborted) {
        await save({ phase: 'paused' })
        return state
      }
      const reason = options.pauseReason?.() ?? null
      if (reason) {
        await save({ phase: 'paused', lastError: { message: reason, retryable: true } })
        return state
      }
      report(step)
      try {
        const context = { header, items, api, storage, signal, onUpload: (f: number) => report(step, f), markSent: save }
        const patch = await performStep(step, state, context)
        // A retry that worked makes the error it waited on untrue: it goes now, not when the whole invoice is sent.
        await save({ ...patch, lastError: null })
        break
      } catch (error) {
        if (signal?.aborted) continue
        const classified = classifyError(error)
        const problem = locateProblem(classified, step, items)
        if (classified.status === 401 || (classified.status === 403 && !(await stillSignedIn()))) {
          // The session ended: nothing is wrong with the invoice, so it resumes after signing in again.
          await save({ phase: 'paused', lastError: problem })
          return state
        }
        if (!classified.retryable) {
          await save({ phase: 'failed', lastError: problem })
          return state
        }
        attempt++
        const reason = options.pauseReason?.() ?? null
        if (attempt >= maxAttempts || reason) {
          await save({ phase: 'paused', lastError: reason ? { ...problem, message: `${reason} (${problem.message})` } : problem })
          return state
        }
        const wait = retryDelay(attempt - 1, classified.retryAfter, { random: clock.random })
        await save({ lastError: problem })
        report(step, 0, wait)
        await clock.sleep(wait, signal)
      }
    }
  }

  if (!isSubmissionComplete(state)) {
    const message = state.progress
      ? t('submission.notComplete', { received: state.progress.items_received, expected: state.progress.expected_items })
      : t('submission.notCompleteNone')
    await save({ phase: 'failed', lastError: { message, retryable: false } })
    return state
  }
  await save({ phase: 'complete', lastError: null })
  onProgress?.({ text: t('submission.sent'), fraction: 1 })
  return state
}

interface StepContext {
  header: SubmissionHeader
  items: readonly InvoiceItemInput[]
  api: SubmissionApi
  storage: SubmissionStorage
  signal?: AbortSignal
  onUpload: (fraction: number) => void
  /** Saves the state before a request whose answer could be lost. */
  markSent: (patch: Partial<SubmissionState>) => Promise<void>
}

/**
 * Attaches a page once: a page whose earlier upload got no answer is first looked for on the invoice (by its
 * bytes' hash), and sent only if it is not there. The state says the upload is in flight before it is sent.
 */
async function uploadOnce(
  pageId: string,
  page: { blob: Blob; fileName: string },
  invoice: string,
  state: SubmissionState,
  ctx: StepContext,
): Promise<FrappeFile> {
  if (state.uploadInFlight === pageId && ctx.api.findAttachedFiles) {
    // A File another page of the same bytes was answered with is that page's, not this one's.
    const recorded = new Set(state.storedFiles ?? [])
    const kept = await ctx.api.findAttachedFiles(invoice, page.blob).then(
      (files) => files.find((file) => !recorded.has(file.name)),
      (error: unknown) => {
        // No answer (or a session that ended) is tried again as any step is; a refusal to list Files (a role
        // without read on File) only means the page is sent again, as it was before this check existed.
        const classified = classifyError(error)
        if (classified.retryable || classified.status === 401) throw error
        return undefined
      },
    )
    if (kept) return kept
  }
  if (state.uploadInFlight !== pageId) await ctx.markSent({ uploadInFlight: pageId })
  return ctx.api.uploadFile(page.blob, { docname: invoice, fileName: page.fileName, onProgress: ctx.onUpload, signal: ctx.signal })
}

async function performStep(step: SubmissionStep, state: SubmissionState, ctx: StepContext): Promise<Partial<SubmissionState>> {
  if (step.kind === 'upload') {
    if (!state.invoice) throw new Error('Pages are attached only once the invoice exists')
    // One Blob in memory at a time: read it now, let it go when this step ends.
    const page = await ctx.storage.readPage(step.pageId)
    const file = page ? await uploadOnce(step.pageId, page, state.invoice, state, ctx) : null
    // A page deleted since Submit has nothing left to attach.
    const pageIds = page ? state.pageIds : state.pageIds.filter((id) => id !== step.pageId)
    const storedFiles = file ? [...(state.storedFiles ?? []), file.name] : state.storedFiles
    return {
      uploadedPages: [...state.uploadedPages, step.pageId],
      pageIds,
      uploadInFlight: undefined,
      ...(storedFiles ? { storedFiles } : {}),
    }
  }
  const batch = ctx.items.slice(step.from - 1, step.to)
  const h = ctx.header
  const progress =
    step.kind === 'create'
      ? await ctx.api.createPurchaseInvoice({
          client_request_id: state.clientRequestId,
          supplier: h.supplier,
          bill_no: h.bill_no,
          bill_date: h.bill_date,
          ...(h.posting_date ? { posting_date: h.posting_date } : {}),
          ...(h.currency ? { currency: h.currency } : {}),
          ...documentTotal(h),
          expected_items: state.expectedItems,
          items: batch,
        })
      : await ctx.api.appendInvoiceItems({ invoice: requireInvoice(state), batch_index: step.batch, items: batch })
  if (progress.expected_items !== state.expectedItems) {
    throw Object.assign(
      new Error(t('submission.expectedOther', { expected: progress.expected_items, invoice: progress.name, lines: state.expectedItems })),
      { retryable: false },
    )
  }
  return {
    invoice: progress.name,
    progress,
    ackedBatches: [...state.ackedBatches, step.batch].sort((a, b) => a - b),
    batchFingerprints: { ...state.batchFingerprints, [step.batch]: fingerprintBatch(batch) },
  }
}

function requireInvoice(state: SubmissionState): string {
  if (!state.invoice) throw new Error('Lines are appended only once the invoice exists')
  return state.invoice
}

/** Lines the server already stored must still be the lines of this draft, or a resend would be refused. */
function checkConsistency(state: SubmissionState, items: readonly InvoiceItemInput[]): SubmissionProblem | null {
  if (state.invoice !== null && items.length !== state.expectedItems) {
    return {
      message: t('submission.linesChanged', { invoice: state.invoice, expected: state.expectedItems, lines: items.length }),
      retryable: false,
    }
  }
  for (const index of state.ackedBatches) {
    const from = index * state.batchSize
    const batch = items.slice(from, from + state.batchSize)
    if (state.batchFingerprints[index] !== undefined && state.batchFingerprints[index] !== fingerprintBatch(batch)) {
      return {
        message: state.invoice
          ? t('submission.batchChanged', { from: from + 1, to: from + batch.length, invoice: state.invoice })
          : t('submission.batchChangedNoInvoice', { from: from + 1, to: from + batch.length }),
        retryable: false,
        lineIndex: from,
      }
    }
  }
  return null
}

/** The document total as the create request wants it: a number, or nothing when the clerk left it empty. */
function documentTotal(header: SubmissionHeader): { document_total?: number } {
  const value = header.document_total?.trim() ? parseTypedNumber(header.document_total) : null
  return value !== null && value >= 0 ? { document_total: value } : {}
}
