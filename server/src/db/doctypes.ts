/**
 * The DocTypes the resource API can list, with the fields a client may ask for, filter and sort on.
 * Only these names ever reach SQL as identifiers; every value is a bound parameter.
 */
export interface DocTypeMeta {
  table: string
  /** field name → SQL expression (a column, or a computed value). */
  fields: Record<string, string>
  /** Frappe's default list order is `modified desc`; masters read better by name. */
  defaultOrder: string
}

const STANDARD = { creation: 'creation', modified: 'modified' }

export const DOCTYPES: Record<string, DocTypeMeta> = {
  Supplier: {
    table: 'supplier',
    fields: {
      name: 'name',
      supplier_name: 'supplier_name',
      supplier_group: 'supplier_group',
      default_currency: 'default_currency',
      ...STANDARD,
    },
    defaultOrder: 'name asc',
  },
  Item: {
    table: 'item',
    fields: {
      name: 'name',
      item_code: 'item_code',
      item_name: 'item_name',
      stock_uom: 'stock_uom',
      standard_rate: 'standard_rate',
      ...STANDARD,
    },
    defaultOrder: 'name asc',
  },
  'Purchase Invoice': {
    table: 'purchase_invoice',
    fields: {
      name: 'name',
      // The scanner's idempotency key: a discard finds the invoice a lost create answer never named.
      client_request_id: 'client_request_id',
      supplier: 'supplier',
      supplier_name: 'supplier_name',
      bill_no: 'bill_no',
      bill_date: 'bill_date',
      posting_date: 'posting_date',
      currency: 'currency',
      docstatus: 'docstatus',
      // ERPNext's own status (set_status keeps it) and the scanner's progress, apart: see invoiceDocument.ts.
      status: "CASE docstatus WHEN 0 THEN 'Draft' WHEN 2 THEN 'Cancelled' ELSE 'Submitted' END",
      scan_status: "CASE WHEN items_received >= expected_items THEN 'Complete' ELSE 'Receiving' END",
      expected_items: 'expected_items',
      items_received: 'items_received',
      grand_total: 'grand_total_cents / 100.0',
      document_total: 'document_total_cents / 100.0',
      total_qty: 'total_qty',
      owner: 'owner',
      ...STANDARD,
    },
    defaultOrder: 'modified desc',
  },
  File: {
    table: 'file',
    fields: {
      name: 'name',
      file_name: 'file_name',
      file_url: 'file_url',
      file_size: 'file_size',
      content_hash: 'content_hash',
      attached_to_doctype: 'attached_to_doctype',
      attached_to_name: 'attached_to_name',
      is_private: 'is_private',
      owner: 'owner',
      ...STANDARD,
    },
    defaultOrder: 'modified desc',
  },
}
