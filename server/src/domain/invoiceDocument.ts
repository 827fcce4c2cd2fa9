import type {
  InvoiceProgress,
  InvoiceReceiveStatus,
  PurchaseInvoice,
  PurchaseInvoiceItem,
  PurchaseInvoiceStatus,
} from '../../../src/types/frappe.ts'
import type { Db } from '../db/database.ts'

// Reading invoices: the stored row, the progress answer, and the whole document with its items.

/**
 * A purchase_invoice row as stored: the document's header, less what is derived when it is read (the two
 * statuses, items), with the total kept in cents and the client's request id for idempotency.
 */
export type InvoiceRow = Omit<PurchaseInvoice, 'status' | 'scan_status' | 'grand_total' | 'document_total' | 'items'> & {
  client_request_id: string
  grand_total_cents: number
  document_total_cents: number | null
}

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
  return db.prepare('SELECT * FROM purchase_invoice WHERE name = ?').get(name) as InvoiceRow | undefined
}

/** A Purchase Invoice with its items in order, as `GET /api/resource/Purchase Invoice/<name>` answers it. */
export function getInvoice(db: Db, name: string): PurchaseInvoice | null {
  const row = loadRow(db, name)
  if (!row) return null
  const items = (
    db
      .prepare(
        `SELECT idx, item_code, item_name, qty, rate, amount_cents, uom, description, warehouse
         FROM purchase_invoice_item WHERE parent = ? ORDER BY idx`,
      )
      .all(name) as Array<
      Omit<PurchaseInvoiceItem, 'amount'> & { amount_cents: number; description: string | null; warehouse: string | null }
    >
  ).map(({ amount_cents, description, warehouse, ...item }) => ({
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
