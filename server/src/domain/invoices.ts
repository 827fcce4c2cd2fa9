import { unlinkSync } from 'node:fs'
import type { FastifyBaseLogger } from 'fastify'
import { localToday } from '../../../src/lib/localDate.ts'
import type { RoundingMethod } from '../../../src/lib/money.ts'
import type { FrappeFile, InvoiceProgress } from '../../../src/types/frappe.ts'
import { nowDatetime, type Db } from '../db/database.ts'
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

  const replay = db.prepare('SELECT * FROM purchase_invoice WHERE client_request_id = ?').get(clientRequestId) as InvoiceRow | undefined
  if (replay) return replayCreate(db, replay, { supplierName, billNo, hash })

  const supplier = db.prepare('SELECT name, supplier_name, default_currency FROM supplier WHERE name = ?').get(supplierName) as
    { name: string; supplier_name: string; default_currency: string } | undefined
  if (!supplier) throw validationError(`Supplier ${supplierName} does not exist`)
  if (billDate > postingDate) {
    throw validationError(`Supplier Invoice Date (${billDate}) cannot be after Posting Date (${postingDate})`)
  }
  const duplicate = db
    .prepare('SELECT name FROM purchase_invoice WHERE supplier = ? AND bill_no = ?')
    .pluck()
    .get(supplier.name, billNo) as string | undefined
  if (duplicate) {
    throw duplicateEntryError(
      `Supplier Invoice No ${billNo} of ${supplier.name} already exists in Purchase Invoice ${duplicate}`,
      duplicate,
    )
  }

  logBatch(deps, 'batch start', { client_request_id: clientRequestId, batch_index: 0, items: items.length })
  const name = db.transaction(() => {
    deps.memory.beforeChunk(deps.log)
    const now = nowDatetime()
    const invoiceName = nextName(db, postingDate.slice(0, 4))
    db.prepare(
      `INSERT INTO purchase_invoice (name, client_request_id, supplier, supplier_name, bill_no, bill_date, posting_date, currency,
         docstatus, expected_items, owner, creation, modified, document_total_cents) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)`,
    ).run(
      invoiceName,
      clientRequestId,
      supplier.name,
      supplier.supplier_name,
      billNo,
      billDate,
      postingDate,
      currencyInput ?? supplier.default_currency,
      expectedItems,
      owner,
      now,
      now,
      documentTotal === null ? null : Math.round(documentTotal * 100),
    )
    storeBatch(deps, invoiceName, 0, items, hash, 0, { checkFirstChunk: false })
    return invoiceName
  })()
  logBatch(deps, 'batch stored', { invoice: name, client_request_id: clientRequestId, batch_index: 0, items: items.length })
  return progressOf(loadRow(db, name) as InvoiceRow)
}

function replayCreate(db: Db, row: InvoiceRow, sent: { supplierName: string; billNo: string; hash: string }): InvoiceProgress {
  const firstBatch = db.prepare('SELECT payload_hash FROM invoice_batch WHERE parent = ? AND batch_index = 0').pluck().get(row.name)
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

  const stored = db.prepare('SELECT payload_hash FROM invoice_batch WHERE parent = ? AND batch_index = ?').pluck().get(name, batchIndex) as
    string | undefined
  if (stored !== undefined) {
    if (stored === hash) return progressOf(row)
    throw duplicateEntryError(`Batch ${batchIndex} of ${name} was already stored with different items`)
  }
  if (row.docstatus !== 0) throw validationError(`Purchase Invoice ${name} is not a draft any more`)
  if (row.items_received >= row.expected_items) {
    throw validationError(`Purchase Invoice ${name} is already Complete with all ${row.expected_items} items`)
  }
  const batches = db.prepare('SELECT COUNT(*) FROM invoice_batch WHERE parent = ?').pluck().get(name) as number
  if (batchIndex !== batches) {
    throw validationError(`Batch ${batchIndex} of ${name} cannot be stored yet: batch ${batches} is the next one expected`)
  }
  if (row.items_received + items.length > row.expected_items) {
    throw validationError(
      `${name} expects ${row.expected_items} items and has ${row.items_received}; this batch of ${items.length} would exceed that`,
    )
  }
  logBatch(deps, 'batch start', { invoice: name, batch_index: batchIndex, items: items.length })
  db.transaction(() => storeBatch(deps, name, batchIndex, items, hash, row.items_received, { checkFirstChunk: true }))()
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
  const files = db
    .prepare("SELECT file_url, is_private FROM file WHERE attached_to_doctype = 'Purchase Invoice' AND attached_to_name = ?")
    .all(name) as Pick<FrappeFile, 'file_url' | 'is_private'>[]
  db.transaction(() => {
    db.prepare("DELETE FROM file WHERE attached_to_doctype = 'Purchase Invoice' AND attached_to_name = ?").run(name)
    // Lines and batches go with it (ON DELETE CASCADE).
    db.prepare('DELETE FROM purchase_invoice WHERE name = ?').run(name)
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

/** Inserts one batch in chunks of `batch_size` inside the caller's transaction, updating the totals. */
function storeBatch(
  deps: InvoiceDeps,
  parent: string,
  batchIndex: number,
  items: CleanItem[],
  hash: string,
  alreadyReceived: number,
  { checkFirstChunk }: { checkFirstChunk: boolean },
): void {
  const { db, memory } = deps
  const chunkSize = memory.config.batch_size
  const insert = db.prepare(
    `INSERT INTO purchase_invoice_item (parent, idx, batch_index, item_code, item_name, qty, rate, amount_cents, uom, description, warehouse)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  let cents = 0
  let qty = 0
  for (let start = 0; start < items.length; start += chunkSize) {
    // create() already checked before writing its header; a throw here rolls the whole request back.
    if (start > 0 || checkFirstChunk) memory.beforeChunk(deps.log)
    // One record per chunk is too many for info; at debug it shows where memory grows inside a batch. The
    // snapshot reads the process's memory, so it is only taken when the record will be written.
    if (deps.log && (deps.log.level === 'debug' || deps.log.level === 'trace')) {
      deps.log.debug(
        { event: 'chunk', invoice: parent, batch_index: batchIndex, first_row: alreadyReceived + start + 1, memory: memory.snapshot() },
        'storing a chunk',
      )
    }
    items.slice(start, start + chunkSize).forEach((item, offset) => {
      const idx = alreadyReceived + start + offset + 1
      insert.run(
        parent,
        idx,
        batchIndex,
        item.item_code,
        item.item_name,
        item.qty,
        item.rate,
        item.amount_cents,
        item.uom,
        item.description,
        item.warehouse,
      )
      cents += item.amount_cents
      qty += item.qty
    })
  }
  const updated = db
    .prepare(
      `UPDATE purchase_invoice SET items_received = items_received + ?, grand_total_cents = grand_total_cents + ?,
         total_qty = total_qty + ?, modified = ? WHERE name = ? RETURNING grand_total_cents`,
    )
    .pluck()
    .get(items.length, cents, qty, nowDatetime(), parent) as number
  if (!Number.isSafeInteger(updated)) throw validationError('The invoice total is too large')
  db.prepare('INSERT INTO invoice_batch (parent, batch_index, item_count, payload_hash, creation) VALUES (?, ?, ?, ?, ?)').run(
    parent,
    batchIndex,
    items.length,
    hash,
    nowDatetime(),
  )
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
  const current = db
    .prepare(
      `INSERT INTO naming_series (prefix, current) VALUES (?, 1)
       ON CONFLICT(prefix) DO UPDATE SET current = current + 1 RETURNING current`,
    )
    .pluck()
    .get(prefix) as number
  return `${prefix}${String(current).padStart(5, '0')}`
}
