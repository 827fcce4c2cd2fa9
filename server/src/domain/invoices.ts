import { unlinkSync } from 'node:fs'
import type { FastifyBaseLogger } from 'fastify'
import { localToday } from '../../../src/lib/localDate.ts'
import type { RoundingMethod } from '../../../src/lib/money.ts'
import type { InvoiceProgress } from '../../../src/types/frappe.ts'
import { nowDatetime, type Db } from '../db/database.ts'
import {
  addToInvoiceTotals,
  countBatches,
  deleteInvoiceRow,
  insertBatch,
  insertInvoice,
  insertInvoiceItem,
  nextSeriesNumber,
  selectBatchHash,
  selectInvoiceByBill,
  selectInvoiceByRequestId,
} from '../db/invoiceQueries.ts'
import { deleteInvoiceFiles, selectInvoiceFiles } from '../db/fileQueries.ts'
import { selectSupplier } from '../db/masterQueries.ts'
import { doesNotExistError, duplicateEntryError, validationError } from '../frappe/errors.ts'
import { diskPath } from './files.ts'
import { requireInvoiceWriter } from './invoiceAccess.ts'
import { loadRow, progressOf, type InvoiceRow } from './invoiceDocument.ts'
import { batchHash, validateItems, type CleanItem, type ItemLookup } from './invoiceItems.ts'
import type { MemoryGuard, MemoryLog } from './memory.ts'
import type { AuthUser } from './users.ts'
import { boundedInteger, boundedNumber, isoDate, optionalString, requiredString } from './validate.ts'

/** The most rows one invoice may announce. */
const MAX_EXPECTED_ITEMS = 10_000

export interface InvoiceDeps {
  db: Db
  items: ItemLookup
  memory: MemoryGuard
  /** The site's rounding method for line amounts (site_config.json `rounding_method`). */
  rounding?: RoundingMethod
  /** The request's logger, for the memory records around each batch (none: no records). */
  log?: MemoryLog & Pick<FastifyBaseLogger, 'level'>
}

/**
 * create_purchase_invoice: validates everything first, then in one transaction names the draft
 * (ACC-PINV-YYYY-NNNNN), stores it and its first batch (batch 0) in chunks of `batch_size`, checking
 * memory before each chunk. The same client_request_id again answers the invoice it created.
 */
export function createInvoice(deps: InvoiceDeps, args: Record<string, unknown>, owner: string): InvoiceProgress {
  const { db } = deps
  const clientRequestId = requiredString(args.client_request_id, 'client_request_id')
  const supplierName = requiredString(args.supplier, 'supplier')
  const billNo = requiredString(args.bill_no, 'bill_no')
  const billDate = isoDate(args.bill_date, 'bill_date') as string
  const postingDate = isoDate(args.posting_date, 'posting_date', false) ?? localToday()
  const currencyInput = optionalString(args.currency, 'currency', 10)
  if (currencyInput !== undefined && !/^[A-Z]{3}$/.test(currencyInput))
    throw validationError('currency must be a 3-letter ISO code like EUR')
  const expectedItems = boundedInteger(args.expected_items, 'expected_items', 1, MAX_EXPECTED_ITEMS)
  // The total printed on the document, as the clerk confirmed it; optional, compared with the lines by the app.
  const documentTotal =
    args.document_total === undefined || args.document_total === null
      ? null
      : boundedNumber(args.document_total, 'document_total', { min: 0, max: 1e12 })

  const items = validateItems(args.items, deps.items, 1, deps.rounding)
  if (items.length > expectedItems) {
    throw validationError(`The first batch has ${items.length} items but expected_items is ${expectedItems}`)
  }
  const hash = batchHash(items)

  const replay = selectInvoiceByRequestId(db, clientRequestId)
  if (replay) return replayCreate(db, replay, { supplierName, billNo, hash })

  const supplier = selectSupplier(db, supplierName)
  if (!supplier) throw validationError(`Supplier ${supplierName} does not exist`)
  if (billDate > postingDate) {
    throw validationError(`Supplier Invoice Date (${billDate}) cannot be after Posting Date (${postingDate})`)
  }
  const duplicate = selectInvoiceByBill(db, supplier.name, billNo)
  if (duplicate) {
    throw duplicateEntryError(
      `Supplier Invoice No ${billNo} of ${supplier.name} already exists in Purchase Invoice ${duplicate}`,
      duplicate,
    )
  }

  logBatch(deps, 'batch start', { client_request_id: clientRequestId, batch_index: 0, items: items.length })
  deps.memory.beforeWrite(deps.log)
  const name = db.transaction(() => {
    const now = nowDatetime()
    const invoiceName = nextName(db, postingDate.slice(0, 4))
    insertInvoice(db, {
      name: invoiceName,
      client_request_id: clientRequestId,
      supplier: supplier.name,
      supplier_name: supplier.supplier_name,
      bill_no: billNo,
      bill_date: billDate,
      posting_date: postingDate,
      currency: currencyInput ?? supplier.default_currency,
      expected_items: expectedItems,
      owner,
      creation: now,
      document_total_cents: documentTotal === null ? null : Math.round(documentTotal * 100),
    })
    storeBatch(deps, invoiceName, 0, items, hash, 0)
    return invoiceName
  })()
  logBatch(deps, 'batch stored', { invoice: name, client_request_id: clientRequestId, batch_index: 0, items: items.length })
  return progressOf(loadRow(db, name) as InvoiceRow)
}

function replayCreate(db: Db, row: InvoiceRow, sent: { supplierName: string; billNo: string; hash: string }): InvoiceProgress {
  const firstBatch = selectBatchHash(db, row.name, 0)
  if (row.supplier !== sent.supplierName || row.bill_no !== sent.billNo || firstBatch !== sent.hash) {
    throw duplicateEntryError(
      `client_request_id was already used for Purchase Invoice ${row.name} with different content; use a new id for a new invoice`,
      row.name,
    )
  }
  return progressOf(row)
}

/**
 * append_invoice_items: stores batch `batch_index` (batches arrive in order). Replaying a stored batch
 * with the same items changes nothing and answers the current state; different items for it → 409.
 */
export function appendItems(deps: InvoiceDeps, args: Record<string, unknown>, user: AuthUser): InvoiceProgress {
  const { db } = deps
  const name = requiredString(args.invoice, 'invoice')
  const batchIndex = boundedInteger(args.batch_index, 'batch_index', 0, MAX_EXPECTED_ITEMS)
  const row = loadRow(db, name)
  if (!row) throw doesNotExistError(`Purchase Invoice ${name} not found`)
  requireInvoiceWriter(row, user)
  const items = validateItems(args.items, deps.items, row.items_received + 1, deps.rounding)
  if (items.length === 0) throw validationError('items must hold at least one item')
  const hash = batchHash(items)

  const stored = selectBatchHash(db, name, batchIndex)
  if (stored !== undefined) {
    if (stored === hash) return progressOf(row)
    throw duplicateEntryError(`Batch ${batchIndex} of ${name} was already stored with different items`)
  }
  if (row.docstatus !== 0) throw validationError(`Purchase Invoice ${name} is not a draft any more`)
  if (row.items_received >= row.expected_items) {
    throw validationError(`Purchase Invoice ${name} is already Complete with all ${row.expected_items} items`)
  }
  const batches = countBatches(db, name)
  if (batchIndex !== batches) {
    throw validationError(`Batch ${batchIndex} of ${name} cannot be stored yet: batch ${batches} is the next one expected`)
  }
  if (row.items_received + items.length > row.expected_items) {
    throw validationError(
      `${name} expects ${row.expected_items} items and has ${row.items_received}; this batch of ${items.length} would exceed that`,
    )
  }
  logBatch(deps, 'batch start', { invoice: name, batch_index: batchIndex, items: items.length })
  deps.memory.beforeWrite(deps.log)
  db.transaction(() => storeBatch(deps, name, batchIndex, items, hash, row.items_received))()
  logBatch(deps, 'batch stored', { invoice: name, batch_index: batchIndex, items: items.length })
  return progressOf(loadRow(db, name) as InvoiceRow)
}

/**
 * Deletes a draft the scanner had only partly sent, when the clerk discards it: the invoice, its lines,
 * its batches and its attachments (rows and bytes). Only its owner or a System Manager may, and only while
 * it is still Receiving: a Complete invoice has every line and is accounts' to keep or cancel in ERPNext.
 */
export function deleteReceivingInvoice(db: Db, filesDir: string, name: string, user: AuthUser): void {
  const row = loadRow(db, name)
  if (!row) throw doesNotExistError(`Purchase Invoice ${name} not found`)
  requireInvoiceWriter(row, user)
  if (row.docstatus !== 0 || row.items_received >= row.expected_items) {
    throw validationError(
      `Purchase Invoice ${name} already has all its ${row.expected_items} lines and cannot be deleted from the scanner; cancel it in ERPNext if it should go`,
    )
  }
  const files = selectInvoiceFiles(db, name)
  db.transaction(() => {
    deleteInvoiceFiles(db, name)
    // Lines and batches go with it (ON DELETE CASCADE).
    deleteInvoiceRow(db, name)
  })()
  // Bytes after the rows: a crash in between leaves an unlisted file on disk, never a row without its file.
  for (const file of files) {
    try {
      unlinkSync(diskPath(filesDir, file))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
  }
}

/**
 * Inserts one batch in chunks of `batch_size` inside the caller's transaction, updating the totals. The caller
 * ran `memory.beforeWrite` before opening it.
 */
function storeBatch(
  deps: InvoiceDeps,
  parent: string,
  batchIndex: number,
  items: CleanItem[],
  hash: string,
  alreadyReceived: number,
): void {
  const { db, memory } = deps
  const chunkSize = memory.config.batch_size
  let cents = 0
  let qty = 0
  for (let start = 0; start < items.length; start += chunkSize) {
    // The caller checked before opening the transaction; a throw here rolls the whole request back.
    if (start > 0) memory.beforeChunk(deps.log)
    // One record per chunk is too many for info; at debug it shows where memory grows inside a batch. The
    // snapshot reads the process's memory, so it is only taken when the record will be written.
    if (deps.log && (deps.log.level === 'debug' || deps.log.level === 'trace')) {
      deps.log.debug(
        { event: 'chunk', invoice: parent, batch_index: batchIndex, first_row: alreadyReceived + start + 1, memory: memory.snapshot() },
        'storing a chunk',
      )
    }
    items.slice(start, start + chunkSize).forEach((item, offset) => {
      insertInvoiceItem(db, parent, batchIndex, { ...item, idx: alreadyReceived + start + offset + 1 })
      cents += item.amount_cents
      qty += item.qty
    })
  }
  const updated = addToInvoiceTotals(db, parent, { items: items.length, cents, qty, modified: nowDatetime() })
  if (!Number.isSafeInteger(updated)) throw validationError('The invoice total is too large')
  insertBatch(db, parent, { index: batchIndex, itemCount: items.length, hash, creation: nowDatetime() })
}

/**
 * A memory record before or after a batch: after is only written once the transaction committed, so
 * a `batch start` without its `batch stored` is a batch that was refused or failed.
 */
function logBatch(deps: InvoiceDeps, event: 'batch start' | 'batch stored', fields: Record<string, unknown>): void {
  deps.log?.info({ event, ...fields, memory: deps.memory.snapshot() }, event === 'batch start' ? 'storing a batch' : 'batch stored')
}

/** Takes the next number of the ACC-PINV-YYYY- series (inside the caller's transaction). */
function nextName(db: Db, year: string): string {
  const prefix = `ACC-PINV-${year}-`
  const current = nextSeriesNumber(db, prefix)
  return `${prefix}${String(current).padStart(5, '0')}`
}
