import type { InvoiceProgress, InvoiceReceiveStatus, PurchaseInvoice, PurchaseInvoiceStatus } from '../../../src/types/frappe.ts'
import type { Db } from '../db/database.ts'
import { selectInvoice, selectInvoiceItems, type InvoiceRow } from '../db/invoiceQueries.ts'

export type { InvoiceRow } from '../db/invoiceQueries.ts'

// Reading invoices: the stored row, the progress answer, and the whole document with its items.

/** The scanner's progress (`scan_status`): its own field, because ERPNext's `status` is ERPNext's to set. */
const scanStatusOf = (row: Pick<InvoiceRow, 'items_received' | 'expected_items'>): InvoiceReceiveStatus =>
  row.items_received >= row.expected_items ? 'Complete' : 'Receiving'

/**
 * ERPNext's `status` as its `set_status` leaves it for what this server stores (erpnext/controllers/
 * status_updater.py `status_map`): a draft is Draft, a cancelled one Cancelled; payment states need ERPNext.
 */
const erpnextStatusOf = (docstatus: InvoiceRow['docstatus']): PurchaseInvoiceStatus =>
  docstatus === 0 ? 'Draft' : docstatus === 2 ? 'Cancelled' : 'Submitted'

/** What create and append answer: where the invoice stands. */
export function progressOf(row: InvoiceRow): InvoiceProgress {
  return {
    name: row.name,
    docstatus: row.docstatus,
    status: erpnextStatusOf(row.docstatus),
    scan_status: scanStatusOf(row),
    items_received: row.items_received,
    expected_items: row.expected_items,
    grand_total: row.grand_total_cents / 100,
  }
}

/** The stored row of an invoice, or undefined. */
export function loadRow(db: Db, name: string): InvoiceRow | undefined {
  return selectInvoice(db, name)
}

/** A Purchase Invoice with its items in order, as `GET /api/resource/Purchase Invoice/<name>` answers it. */
export function getInvoice(db: Db, name: string): PurchaseInvoice | null {
  const row = loadRow(db, name)
  if (!row) return null
  const items = selectInvoiceItems(db, name).map(({ amount_cents, description, warehouse, ...item }) => ({
    ...item,
    amount: amount_cents / 100,
    ...(description !== null && { description }),
    ...(warehouse !== null && { warehouse }),
  }))
  return {
    name: row.name,
    supplier: row.supplier,
    supplier_name: row.supplier_name,
    bill_no: row.bill_no,
    bill_date: row.bill_date,
    posting_date: row.posting_date,
    currency: row.currency,
    docstatus: row.docstatus,
    status: erpnextStatusOf(row.docstatus),
    scan_status: scanStatusOf(row),
    expected_items: row.expected_items,
    items_received: row.items_received,
    grand_total: row.grand_total_cents / 100,
    document_total: row.document_total_cents === null ? null : row.document_total_cents / 100,
    total_qty: row.total_qty,
    owner: row.owner,
    creation: row.creation,
    modified: row.modified,
    items,
  }
}
