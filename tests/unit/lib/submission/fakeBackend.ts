import { FrappeError } from '@/api/errors'
import type { SubmissionApi, SubmissionStorage, SubmissionState } from '@/lib/submission/types'
import type { AppendInvoiceItemsRequest, CreatePurchaseInvoiceRequest, FrappeFile, InvoiceItemInput, InvoiceProgress } from '@/types/frappe'

/**
 * The real FrappeError (src/api/errors.ts) built from the fake's arguments, so the engine reads a failure exactly as
 * it reads one from the wire: `retryable` is the real rule (5xx and 429), not a copy of it.
 */
export class FakeApiError extends FrappeError {
  constructor(httpStatus: number, excType: string, message: string, retryAfter: number | null = null, existing?: string) {
    super({ httpStatus, excType, messages: [message], retryAfter, ...(existing !== undefined && { existing }) })
  }
}

/**
 * A 429 as the embedded server answers one: the sign-in limit's `AuthenticationError` with `Retry-After`
 * (server/src/routes/auth.ts). The engine retries on the status and waits `retryAfter` seconds; the exc_type is
 * the one the server really sends, so tests/server/fakesContract.test.ts compares this with a real 429.
 */
export function tooManyRequests(retryAfter: number): FakeApiError {
  return new FakeApiError(429, 'AuthenticationError', `Too many requests: try again in ${retryAfter} seconds`, retryAfter)
}

interface FakeInvoice {
  name: string
  clientRequestId: string
  supplier: string
  billNo: string
  expected: number
  batches: Map<number, string>
  items: InvoiceItemInput[]
  files: Map<string, FrappeFile>
}

type Method = 'create' | 'append' | 'upload' | 'delete' | 'find-files'
/** A planned failure: `before` fails without the server doing anything, `after` does the work and loses the answer. */
interface Fault {
  method: Method
  when: 'before' | 'after'
  error: () => Error
}

/**
 * An in-memory stand-in for the custom_erp methods with the same promises the embedded server makes:
 * create is idempotent per client_request_id, append per batch_index, a file's bytes are stored once.
 */
export class FakeBackend implements SubmissionApi {
  invoices: FakeInvoice[] = []
  knownItems: Set<string> | null = null
  calls: Array<{ method: Method; batch?: number }> = []
  private faults: Fault[] = []
  /**
   * The same bytes uploaded twice give the first File, as the embedded server does; false makes a new File each
   * time, as a bench does (frappe/core/doctype/file/file.py `File.validate_duplicate_entry`).
   */
  dedupeUploads = true
  private uploadsInFlight = 0
  maxUploadsInFlight = 0

  /** Queues faults for the next calls of `method` (one fault per call). */
  fail(method: Method, error: () => Error, times = 1, when: 'before' | 'after' = 'before'): this {
    for (let i = 0; i < times; i++) this.faults.push({ method, when, error })
    return this
  }

  invoice(): FakeInvoice {
    if (this.invoices.length !== 1) throw new Error(`expected one invoice, the server has ${this.invoices.length}`)
    return this.invoices[0]!
  }

  async createPurchaseInvoice(req: CreatePurchaseInvoiceRequest): Promise<InvoiceProgress> {
    this.calls.push({ method: 'create', batch: 0 })
    return this.withFaults('create', () => {
      const same = this.invoices.find((i) => i.clientRequestId === req.client_request_id)
      if (same) return this.progress(same)
      const dup = this.invoices.find((i) => i.supplier === req.supplier && i.billNo === req.bill_no)
      if (dup)
        throw new FakeApiError(409, 'DuplicateEntryError', `Bill No ${req.bill_no} already exists for ${req.supplier}`, null, dup.name)
      if (req.posting_date && req.bill_date > req.posting_date)
        throw new FakeApiError(417, 'ValidationError', 'Bill Date cannot be after Posting Date')
      this.checkItems(req.items)
      const invoice: FakeInvoice = {
        name: `ACC-PINV-2026-${String(this.invoices.length + 1).padStart(5, '0')}`,
        clientRequestId: req.client_request_id,
        supplier: req.supplier,
        billNo: req.bill_no,
        expected: req.expected_items,
        batches: new Map([[0, JSON.stringify(req.items)]]),
        items: [...req.items],
        files: new Map(),
      }
      this.invoices.push(invoice)
      return this.progress(invoice)
    })
  }

  async appendInvoiceItems(req: AppendInvoiceItemsRequest): Promise<InvoiceProgress> {
    this.calls.push({ method: 'append', batch: req.batch_index })
    return this.withFaults('append', () => {
      const invoice = this.invoices.find((i) => i.name === req.invoice)
      if (!invoice) throw new FakeApiError(404, 'DoesNotExistError', `Purchase Invoice ${req.invoice} not found`)
      const stored = invoice.batches.get(req.batch_index)
      if (stored !== undefined) {
        if (stored === JSON.stringify(req.items)) return this.progress(invoice)
        throw new FakeApiError(409, 'DuplicateEntryError', `Batch ${req.batch_index} was stored with other lines`)
      }
      if (invoice.items.length >= invoice.expected) throw new FakeApiError(417, 'ValidationError', 'The invoice is already complete')
      if (invoice.items.length + req.items.length > invoice.expected)
        throw new FakeApiError(417, 'ValidationError', 'More lines than expected_items')
      this.checkItems(req.items)
      invoice.batches.set(req.batch_index, JSON.stringify(req.items))
      invoice.items.push(...req.items)
      return this.progress(invoice)
    })
  }

  /** The list query the app makes for an invoice by its request id (a create whose answer was lost). */
  async findInvoiceByClientRequestId(clientRequestId: string): Promise<{ name: string; scan_status: string } | null> {
    const invoice = this.invoices.find((i) => i.clientRequestId === clientRequestId)
    return invoice ? { name: invoice.name, scan_status: this.progress(invoice).scan_status } : null
  }

  async getPurchaseInvoice(name: string): Promise<{ name: string; scan_status: string }> {
    const invoice = this.invoices.find((i) => i.name === name)
    if (!invoice) throw new FakeApiError(404, 'DoesNotExistError', `Purchase Invoice ${name} not found`)
    return { name, scan_status: this.progress(invoice).scan_status }
  }

  /** DELETE /api/resource/Purchase Invoice/<name>, as the embedded server allows it: only while Receiving. */
  async deletePurchaseInvoice(name: string): Promise<void> {
    this.calls.push({ method: 'delete' })
    return this.withFaults('delete', () => {
      const invoice = this.invoices.find((i) => i.name === name)
      if (!invoice) throw new FakeApiError(404, 'DoesNotExistError', `Purchase Invoice ${name} not found`)
      if (invoice.items.length >= invoice.expected)
        throw new FakeApiError(417, 'ValidationError', `Purchase Invoice ${name} already has all its lines`)
      this.invoices = this.invoices.filter((i) => i !== invoice)
    })
  }

  async uploadFile(blob: Blob, options: { docname: string; fileName: string; onProgress?: (f: number) => void }): Promise<FrappeFile> {
    this.calls.push({ method: 'upload' })
    this.uploadsInFlight++
    this.maxUploadsInFlight = Math.max(this.maxUploadsInFlight, this.uploadsInFlight)
    try {
      const bytes = await blob.text()
      return await this.withFaults('upload', () => {
        const invoice = this.invoices.find((i) => i.name === options.docname)
        if (!invoice) throw new FakeApiError(404, 'DoesNotExistError', `Purchase Invoice ${options.docname} not found`)
        options.onProgress?.(0.6)
        options.onProgress?.(1)
        const existing = this.dedupeUploads ? invoice.files.get(bytes) : undefined
        if (existing) return existing
        const file: FrappeFile = {
          name: `file-${invoice.files.size + 1}`,
          file_name: options.fileName,
          file_url: `/private/files/${options.fileName}`,
          file_size: blob.size,
          content_hash: bytes,
          attached_to_doctype: 'Purchase Invoice',
          attached_to_name: invoice.name,
          is_private: 1,
        }
        invoice.files.set(this.dedupeUploads ? bytes : file.name, file)
        return file
      })
    } finally {
      this.uploadsInFlight--
    }
  }

  /** The list query for Files attached to an invoice with these bytes (the fake's content_hash is the bytes). */
  async findAttachedFiles(docname: string, blob: Blob): Promise<FrappeFile[]> {
    this.calls.push({ method: 'find-files' })
    const bytes = await blob.text()
    return this.withFaults('find-files', () => {
      const invoice = this.invoices.find((i) => i.name === docname)
      return invoice ? [...invoice.files.values()].filter((file) => file.content_hash === bytes) : []
    })
  }

  private async withFaults<T>(method: Method, work: () => T): Promise<T> {
    await Promise.resolve()
    const index = this.faults.findIndex((f) => f.method === method)
    const fault = index >= 0 ? this.faults.splice(index, 1)[0] : undefined
    if (fault?.when === 'before') throw fault.error()
    const result = work()
    if (fault?.when === 'after') throw fault.error()
    return result
  }

  private checkItems(items: InvoiceItemInput[]): void {
    const unknown = this.knownItems && items.find((i) => !this.knownItems!.has(i.item_code))
    if (unknown) throw new FakeApiError(417, 'ValidationError', `Item ${unknown.item_code} not found`)
  }

  private progress(invoice: FakeInvoice): InvoiceProgress {
    const total = invoice.items.reduce((sum, i) => sum + i.qty * i.rate, 0)
    return {
      name: invoice.name,
      docstatus: 0,
      status: 'Draft',
      scan_status: invoice.items.length === invoice.expected ? 'Complete' : 'Receiving',
      items_received: invoice.items.length,
      expected_items: invoice.expected,
      grand_total: Math.round(total * 100) / 100,
    }
  }
}

/** Pages as Blobs by id, and every saved state, in order. Counts Blobs read but not yet released to the API. */
export class FakeStorage implements SubmissionStorage {
  saved: SubmissionState[] = []
  reads: string[] = []
  /** When set, the storage dies on this save (0-based): `before` loses it, `after` keeps it, then every save fails. */
  crashAt: { index: number; when: 'before' | 'after' } | null = null
  private dead = false

  constructor(public pages: Map<string, Blob> = new Map()) {}

  async saveState(state: SubmissionState): Promise<void> {
    if (this.dead) throw new Error('crashed')
    if (this.crashAt?.index === this.saved.length) {
      this.dead = true
      if (this.crashAt.when === 'after') this.saved.push(structuredClone(state))
      throw new Error('crashed')
    }
    this.saved.push(structuredClone(state))
  }

  async readPage(pageId: string): Promise<{ blob: Blob; fileName: string } | null> {
    this.reads.push(pageId)
    const blob = this.pages.get(pageId)
    return blob ? { blob, fileName: `${pageId}.jpg` } : null
  }

  last(): SubmissionState {
    const state = this.saved.at(-1)
    if (!state) throw new Error('nothing saved')
    return state
  }
}

export function networkError(): Error {
  return new TypeError('Failed to fetch')
}

export function makeItems(count: number): InvoiceItemInput[] {
  return Array.from({ length: count }, (_, i) => ({ item_code: `ITEM-${String(i + 1).padStart(3, '0')}`, qty: (i % 5) + 1, rate: 1.25 }))
}

export function makePages(count: number): Map<string, Blob> {
  return new Map(
    Array.from({ length: count }, (_, i) => [`page-${i + 1}`, new Blob([`jpeg bytes of page ${i + 1}`], { type: 'image/jpeg' })]),
  )
}

/** A draft's header as the submission store hands it over (with the supplier's name, for the result panel). */
export const DRAFT_HEADER = {
  supplier: 'SUP-1',
  supplier_name: 'Acme',
  bill_no: 'B-1',
  bill_date: '2026-11-02',
  posting_date: '2026-11-28',
  currency: 'EUR',
}
