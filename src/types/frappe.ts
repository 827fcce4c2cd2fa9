/**
 * The Frappe wire format shared by the app and the embedded server. A real Frappe bench whose
 * `custom_erp` app exposes the same methods answers with exactly these shapes.
 */

/** Where the custom_erp Purchase Invoice methods live, under `/api/method/`. */
export const CUSTOM_ERP_METHOD_PREFIX = 'custom_erp.custom_erp.purchase_invoice.api'

/** Frappe's exception names that this API answers with. */
export type FrappeExcType =
  | 'ValidationError'
  | 'MandatoryError'
  | 'DuplicateEntryError'
  | 'PermissionError'
  | 'AuthenticationError'
  | 'DoesNotExistError'
  | 'MemoryPressureError'
  | 'CSRFTokenError'
  | 'RequestEntityTooLarge'
  | 'RequestHeaderFieldsTooLarge'
  | 'InternalServerError'

/** An error body as Frappe sends it. `_server_messages` is a JSON string of a list of JSON strings. */
export interface FrappeErrorBody {
  exc_type: FrappeExcType | string
  /** `frappe.exceptions.<Type>: <message>`, the last line of the traceback Frappe's `report_error` sends. */
  exception?: string
  /** Set by a failed login (`LoginManager.fail` in frappe/auth.py): "Invalid login credentials". */
  message?: string
  _server_messages?: string
  _error_message?: string
  /** Only ever set on DuplicateEntryError: the document that already exists. */
  existing?: string
  /** 1 when the request's session had expired (Frappe v15/v16 answer it with 403 PermissionError). */
  session_expired?: 0 | 1
}

/** One entry of `_server_messages`, once decoded. */
export interface FrappeServerMessage {
  message: string
  indicator?: 'red' | 'orange' | 'green' | 'blue'
  title?: string
}

export interface MethodEnvelope<T> {
  message: T
}

export interface ResourceEnvelope<T> {
  data: T
}

/** The `memory_optimization` block of site_config.json, as `get_memory_config` returns it. */
export interface MemoryConfig {
  enable_gc: boolean
  gc_threshold: number
  max_memory_mb: number
  batch_size: number
  cleanup_interval: number
  force_cleanup_threshold: number
}

export const DEFAULT_MEMORY_CONFIG: Readonly<MemoryConfig> = Object.freeze({
  enable_gc: true,
  gc_threshold: 0.8,
  max_memory_mb: 2048,
  batch_size: 50,
  cleanup_interval: 300,
  force_cleanup_threshold: 0.9,
})

export type MemoryLevel = 'ok' | 'warning' | 'critical'

export interface ServerMemoryStatus {
  process: { rss_mb: number; heap_used_mb: number; heap_total_mb: number; external_mb: number }
  system: { total_mb: number; available_mb: number; used_percent: number }
  max_memory_mb: number
  usage_ratio: number
  level: MemoryLevel
  gc_available: boolean
  /** ISO timestamp of the last cleanup, or null before the first. */
  last_cleanup: string | null
  /** On a bench: the gunicorn worker these figures are from (each worker is its own process). */
  worker_pid?: number
  /** On a bench: how many gunicorn workers it runs (`gunicorn_workers`), or null when it does not say. */
  workers?: number | null
}

export interface ForceCleanupResult {
  before_mb: number
  after_mb: number
  freed_mb: number
  /** On a bench: the gunicorn worker that was cleaned (the one that answered). */
  worker_pid?: number
}

export interface LoginResult {
  message: 'Logged In'
  full_name: string
  /** Where Frappe's login page goes next (`LoginManager.set_user_info`): here the app at `/`. */
  home_page?: string
}

/**
 * What `custom_erp…api.get_session_info` answers for the signed-in user. The CSRF token is included so a
 * page whose index.html did not carry `window.csrf_token` (Vite's dev server, a login without reload)
 * can still write.
 */
export interface SessionUser {
  name: string
  full_name: string
  roles: string[]
  csrf_token: string
}

export interface InvoiceItemInput {
  item_code: string
  qty: number
  rate: number
  uom?: string
  description?: string
  warehouse?: string
}

export interface CreatePurchaseInvoiceRequest {
  client_request_id: string
  supplier: string
  bill_no: string
  bill_date: string
  posting_date?: string
  currency?: string
  /** The total printed on the document, when the clerk has it (read from the page or typed). */
  document_total?: number
  expected_items: number
  items: InvoiceItemInput[]
}

export interface AppendInvoiceItemsRequest {
  invoice: string
  batch_index: number
  items: InvoiceItemInput[]
}

/** The scanner's own progress, in the `scan_status` custom field: lines still arriving, or all there. */
export type InvoiceReceiveStatus = 'Receiving' | 'Complete'

/**
 * ERPNext's own Purchase Invoice `status` (a Select its `set_status` overwrites on every save): a scanner
 * draft is always `Draft`; the rest appear once accounts submit, pay or cancel it in ERPNext.
 */
export type PurchaseInvoiceStatus =
  'Draft' | 'Return' | 'Debit Note Issued' | 'Submitted' | 'Paid' | 'Partly Paid' | 'Unpaid' | 'Overdue' | 'Cancelled' | 'Internal Transfer'

/** What create_purchase_invoice and append_invoice_items answer. */
export interface InvoiceProgress {
  name: string
  docstatus: 0 | 1 | 2
  status: PurchaseInvoiceStatus
  scan_status: InvoiceReceiveStatus
  items_received: number
  expected_items: number
  grand_total: number
}

export interface Supplier {
  name: string
  supplier_name: string
  default_currency: string
  supplier_group?: string
}

export interface Item {
  name: string
  item_code: string
  item_name: string
  stock_uom: string
  standard_rate: number
}

export interface PurchaseInvoiceItem {
  idx: number
  item_code: string
  item_name: string
  qty: number
  rate: number
  amount: number
  uom: string
  description?: string
  warehouse?: string
}

export interface PurchaseInvoice {
  name: string
  supplier: string
  supplier_name: string
  bill_no: string
  bill_date: string
  posting_date: string
  currency: string
  docstatus: 0 | 1 | 2
  status: PurchaseInvoiceStatus
  scan_status: InvoiceReceiveStatus
  expected_items: number
  items_received: number
  grand_total: number
  /** The total printed on the document; null when none was given. */
  document_total?: number | null
  total_qty: number
  owner: string
  creation: string
  modified: string
  items: PurchaseInvoiceItem[]
}

/** The File document that `upload_file` answers. */
export interface FrappeFile {
  name: string
  file_name: string
  file_url: string
  file_size: number
  content_hash: string
  attached_to_doctype: string | null
  attached_to_name: string | null
  is_private: 0 | 1
}

/** A list filter in Frappe's list form: `[field, operator, value]`. */
export type ListFilter = [string, '=' | 'like' | 'in' | '>=' | '<=', string | number | Array<string | number>]

export interface ListParams {
  fields?: string[]
  filters?: ListFilter[]
  order_by?: string
  limit_start?: number
  limit_page_length?: number
}
