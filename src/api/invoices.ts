import type { AppendInvoiceItemsRequest, CreatePurchaseInvoiceRequest, InvoiceProgress, ListParams, PurchaseInvoice } from '@/types/frappe'
import { CUSTOM_ERP_METHOD_PREFIX } from '@/types/frappe'
import { callMethod, deleteResourceDoc, getResourceDoc, getResourceList, type CallOptions } from './envelope'

const DOCTYPE = 'Purchase Invoice'

/** The columns a list of Purchase Invoices shows. */
export type PurchaseInvoiceSummary = Pick<
  PurchaseInvoice,
  | 'name'
  | 'supplier'
  | 'supplier_name'
  | 'bill_no'
  | 'bill_date'
  | 'posting_date'
  | 'currency'
  | 'docstatus'
  | 'status'
  | 'scan_status'
  | 'grand_total'
  | 'items_received'
  | 'expected_items'
  | 'modified'
>

/** The fields fetched for a PurchaseInvoiceSummary. */
export const PURCHASE_INVOICE_SUMMARY_FIELDS: ReadonlyArray<keyof PurchaseInvoiceSummary> = [
  'name',
  'supplier',
  'supplier_name',
  'bill_no',
  'bill_date',
  'posting_date',
  'currency',
  'docstatus',
  'status',
  'scan_status',
  'grand_total',
  'items_received',
  'expected_items',
  'modified',
]

/**
 * Creates a draft Purchase Invoice with the first batch of lines. `client_request_id` makes a retry of
 * the same request return the same invoice instead of a second one.
 */
export async function createPurchaseInvoice(request: CreatePurchaseInvoiceRequest, options: CallOptions = {}): Promise<InvoiceProgress> {
  return callMethod<InvoiceProgress>(`${CUSTOM_ERP_METHOD_PREFIX}.create_purchase_invoice`, {
    ...options,
    httpMethod: 'POST',
    data: request,
  })
}

/** Appends the next batch of lines to a Receiving invoice. */
export async function appendInvoiceItems(request: AppendInvoiceItemsRequest, options: CallOptions = {}): Promise<InvoiceProgress> {
  return callMethod<InvoiceProgress>(`${CUSTOM_ERP_METHOD_PREFIX}.append_invoice_items`, {
    ...options,
    httpMethod: 'POST',
    data: request,
  })
}

/** A page of Purchase Invoices, newest first unless `order_by` says otherwise. */
export async function listPurchaseInvoices(
  params: Omit<ListParams, 'fields'> = {},
  options: CallOptions = {},
): Promise<PurchaseInvoiceSummary[]> {
  return getResourceList<PurchaseInvoiceSummary>(
    DOCTYPE,
    { order_by: 'modified desc', limit_page_length: 20, ...params, fields: [...PURCHASE_INVOICE_SUMMARY_FIELDS] },
    options,
  )
}

/** One Purchase Invoice with its lines; a missing one rejects with DoesNotExistError (404). */
export async function getPurchaseInvoice(name: string, options: CallOptions = {}): Promise<PurchaseInvoice> {
  return getResourceDoc<PurchaseInvoice>(DOCTYPE, name, options)
}

/**
 * The invoice already recorded for this supplier's bill number, or null. Used to offer "open the
 * existing one" before creating a duplicate.
 */
export async function findInvoiceByBillNo(
  supplier: string,
  billNo: string,
  options: CallOptions = {},
): Promise<PurchaseInvoiceSummary | null> {
  const rows = await listPurchaseInvoices(
    {
      filters: [
        ['supplier', '=', supplier],
        ['bill_no', '=', billNo],
      ],
      limit_page_length: 1,
    },
    options,
  )
  return rows[0] ?? null
}

/**
 * Deletes a draft the scanner sent only part of (the clerk discarded it): standard Frappe REST. The
 * embedded server allows it to the owner while the invoice is still Receiving; a 404 means it is gone already.
 */
export async function deletePurchaseInvoice(name: string, options: CallOptions = {}): Promise<void> {
  await deleteResourceDoc(DOCTYPE, name, options)
}

/**
 * The invoice a create with this `client_request_id` made, if the server has one: a create whose answer
 * was lost (network cut, send stopped) leaves an invoice the client never learnt the name of.
 */
export async function findInvoiceByClientRequestId(
  clientRequestId: string,
  options: CallOptions = {},
): Promise<PurchaseInvoiceSummary | null> {
  const rows = await listPurchaseInvoices({ filters: [['client_request_id', '=', clientRequestId]], limit_page_length: 1 }, options)
  return rows[0] ?? null
}
