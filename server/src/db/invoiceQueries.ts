import type { PurchaseInvoice, PurchaseInvoiceItem } from '../../../src/types/frappe.ts'
import type { Db } from './database.ts'
import { prepared } from './statements.ts'

// The purchase_invoice table and its children (purchase_invoice_item, invoice_batch) and the naming series.

/**
 * A purchase_invoice row as stored: the document's header, less what is derived when it is read (the two
 * statuses, items), with the total kept in cents and the client's request id for idempotency.
 */
export type InvoiceRow = Omit<PurchaseInvoice, 'status' | 'scan_status' | 'grand_total' | 'document_total' | 'items'> & {
  client_request_id: string
  grand_total_cents: number
  document_total_cents: number | null
}

/** A purchase_invoice_item row as stored (the amount in cents). */
export type InvoiceItemRow = Omit<PurchaseInvoiceItem, 'amount' | 'description' | 'warehouse'> & {
  amount_cents: number
  description: string | null
  warehouse: string | null
}

/** A new invoice's header as inserted: a draft (docstatus 0) with nothing received, modified when created. */
export type NewInvoiceRow = Omit<InvoiceRow, 'docstatus' | 'items_received' | 'grand_total_cents' | 'total_qty' | 'modified'>

/** The invoice row of this name, or undefined. */
export function selectInvoice(db: Db, name: string): InvoiceRow | undefined {
  return prepared(db, 'SELECT * FROM purchase_invoice WHERE name = ?').get(name) as InvoiceRow | undefined
}

/** The invoice a client_request_id created, or undefined. */
export function selectInvoiceByRequestId(db: Db, clientRequestId: string): InvoiceRow | undefined {
  return prepared(db, 'SELECT * FROM purchase_invoice WHERE client_request_id = ?').get(clientRequestId) as InvoiceRow | undefined
}

/** The owner of an invoice, or undefined when there is none of this name. */
export function selectInvoiceOwner(db: Db, name: string): string | undefined {
  return prepared(db, 'SELECT owner FROM purchase_invoice WHERE name = ?', { pluck: true }).get(name) as string | undefined
}

/** The name of the invoice holding this supplier's bill number, or undefined. */
export function selectInvoiceByBill(db: Db, supplier: string, billNo: string): string | undefined {
  return prepared(db, 'SELECT name FROM purchase_invoice WHERE supplier = ? AND bill_no = ?', { pluck: true }).get(supplier, billNo) as
    string | undefined
}

/** Stores a new draft's header (its totals start at zero). */
export function insertInvoice(db: Db, row: NewInvoiceRow): void {
  prepared(
    db,
    `INSERT INTO purchase_invoice (name, client_request_id, supplier, supplier_name, bill_no, bill_date, posting_date, currency,
       docstatus, expected_items, owner, creation, modified, document_total_cents) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)`,
  ).run(
    row.name,
    row.client_request_id,
    row.supplier,
    row.supplier_name,
    row.bill_no,
    row.bill_date,
    row.posting_date,
    row.currency,
    row.expected_items,
    row.owner,
    row.creation,
    row.creation,
    row.document_total_cents,
  )
}

/** Removes an invoice; its lines and batches go with it (ON DELETE CASCADE). */
export function deleteInvoiceRow(db: Db, name: string): void {
  prepared(db, 'DELETE FROM purchase_invoice WHERE name = ?').run(name)
}

/** An invoice's lines in order. */
export function selectInvoiceItems(db: Db, parent: string): InvoiceItemRow[] {
  return prepared(
    db,
    `SELECT idx, item_code, item_name, qty, rate, amount_cents, uom, description, warehouse
     FROM purchase_invoice_item WHERE parent = ? ORDER BY idx`,
  ).all(parent) as InvoiceItemRow[]
}

/** Stores one line of an invoice. */
export function insertInvoiceItem(db: Db, parent: string, batchIndex: number, item: InvoiceItemRow): void {
  prepared(
    db,
    `INSERT INTO purchase_invoice_item (parent, idx, batch_index, item_code, item_name, qty, rate, amount_cents, uom, description, warehouse)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    parent,
    item.idx,
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
}

/** Adds a batch's lines, cents and quantity to an invoice's totals and answers the new grand total in cents. */
export function addToInvoiceTotals(db: Db, name: string, added: { items: number; cents: number; qty: number; modified: string }): number {
  return prepared(
    db,
    `UPDATE purchase_invoice SET items_received = items_received + ?, grand_total_cents = grand_total_cents + ?,
       total_qty = total_qty + ?, modified = ? WHERE name = ? RETURNING grand_total_cents`,
    { pluck: true },
  ).get(added.items, added.cents, added.qty, added.modified, name) as number
}

/** The payload hash of a stored batch, or undefined when that batch is not stored. */
export function selectBatchHash(db: Db, parent: string, batchIndex: number): string | undefined {
  return prepared(db, 'SELECT payload_hash FROM invoice_batch WHERE parent = ? AND batch_index = ?', { pluck: true }).get(
    parent,
    batchIndex,
  ) as string | undefined
}

/** How many batches of an invoice are stored. */
export function countBatches(db: Db, parent: string): number {
  return prepared(db, 'SELECT COUNT(*) FROM invoice_batch WHERE parent = ?', { pluck: true }).get(parent) as number
}

/** Records a stored batch. */
export function insertBatch(db: Db, parent: string, batch: { index: number; itemCount: number; hash: string; creation: string }): void {
  prepared(db, 'INSERT INTO invoice_batch (parent, batch_index, item_count, payload_hash, creation) VALUES (?, ?, ?, ?, ?)').run(
    parent,
    batch.index,
    batch.itemCount,
    batch.hash,
    batch.creation,
  )
}

/** Takes the next number of a naming series (inside the caller's transaction): 1 for a new prefix. */
export function nextSeriesNumber(db: Db, prefix: string): number {
  return prepared(
    db,
    `INSERT INTO naming_series (prefix, current) VALUES (?, 1)
     ON CONFLICT(prefix) DO UPDATE SET current = current + 1 RETURNING current`,
    { pluck: true },
  ).get(prefix) as number
}
