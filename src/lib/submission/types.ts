import type { FrappeFile, InvoiceItemInput, InvoiceProgress, AppendInvoiceItemsRequest, CreatePurchaseInvoiceRequest } from '@/types/frappe'

/** The header a clerk types: the create request's header fields, every one filled in (posting date and currency too). */
export type SubmissionHeader = Required<
  Pick<CreatePurchaseInvoiceRequest, 'supplier' | 'bill_no' | 'bill_date' | 'posting_date' | 'currency'>
> & {
  /** The total printed on the document, as typed or read from the page ("24,23"); empty or absent when none. */
  document_total?: string
}

/** The header fields by their wire names; a problem can point at one of them. */
export type HeaderField = keyof SubmissionHeader

/** What went wrong, and where the clerk should look: a header field, a line (0-based) or a page. */
export interface SubmissionProblem {
  message: string
  /** True when trying again later may succeed (network, timeout, 5xx, 503). */
  retryable: boolean
  status?: number
  excType?: string
  field?: HeaderField
  lineIndex?: number
  pageId?: string
  /** For a duplicate Bill No: the invoice that already has it. */
  existing?: string
}

export type SubmissionPhase = 'sending' | 'paused' | 'failed' | 'complete'

/**
 * Everything needed to resume a submission after a reload, a crash or a lost network, kept inside the
 * draft's IndexedDB record and saved after every acknowledged step.
 */
export interface SubmissionState {
  /** Fixed when the clerk presses Submit invoice; the server answers a repeated create with the same invoice. */
  clientRequestId: string
  startedAt: number
  updated: number
  /** Fixed at the first send, so a resumed batch carries exactly the lines it carried before. */
  batchSize: number
  expectedItems: number
  /** The pages to attach, in order, by IndexedDB id. */
  pageIds: string[]
  invoice: string | null
  ackedBatches: number[]
  /** A fingerprint of each acknowledged batch, to notice lines edited after the server stored them. */
  batchFingerprints: Record<string, string>
  uploadedPages: string[]
  /**
   * The File each upload was answered with, by name. The server stores the same bytes once, so two pages of
   * one image are one File: the distinct names are what the server keeps. Absent in states saved before it.
   */
  storedFiles?: string[]
  /**
   * The page whose upload was sent and not yet answered. Found here on a resume, the answer was lost (no network,
   * a reload, a crash): the server may have kept the page, so it is looked for before it is sent again.
   */
  uploadInFlight?: string
  /** The server's latest answer about the invoice. */
  progress: InvoiceProgress | null
  phase: SubmissionPhase
  lastError: SubmissionProblem | null
}

/** The calls the engine makes; the real one is `src/api/`, tests pass fakes. */
export interface SubmissionApi {
  createPurchaseInvoice(req: CreatePurchaseInvoiceRequest): Promise<InvoiceProgress>
  appendInvoiceItems(req: AppendInvoiceItemsRequest): Promise<InvoiceProgress>
  uploadFile(
    blob: Blob,
    options: { docname: string; fileName: string; onProgress?: (fraction: number) => void; signal?: AbortSignal },
  ): Promise<FrappeFile>
  /**
   * The Files with these bytes already attached to the invoice: asked before a page whose upload got no answer
   * is sent again, since a bench attaches the same bytes twice. Absent: the page is simply sent again.
   */
  findAttachedFiles?(docname: string, blob: Blob): Promise<FrappeFile[]>
}

/** Where the engine saves its state and reads page Blobs, one at a time, just before sending each. */
export interface SubmissionStorage {
  saveState(state: SubmissionState): Promise<void>
  readPage(pageId: string): Promise<{ blob: Blob; fileName: string } | null>
}

/** Time, injected so tests can use fake timers and a fixed random. */
export interface SubmissionClock {
  sleep(ms: number, signal?: AbortSignal): Promise<void>
  random(): number
  now(): number
}

/** One unit of work: a batch of lines (batch 0 creates the invoice) or one page. */
export type SubmissionStep =
  | { kind: 'create'; batch: 0; from: number; to: number }
  | { kind: 'append'; batch: number; from: number; to: number }
  | { kind: 'upload'; pageId: string; pageNumber: number }

export interface SubmissionProgressReport {
  /** What is happening, in the clerk's words: "Lines 51–100 of 230", "Page 2 of 4, 60 %". */
  text: string
  /** 0…1 over all steps. */
  fraction: number
  /** Set while waiting to try again. */
  retryInMs?: number
  /** True while a request is out and no bytes are moving (lines sent, or a page's bytes all sent): only the answer is awaited. */
  waiting?: boolean
}

export type { InvoiceItemInput }
