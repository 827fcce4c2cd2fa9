// JSON Schemas of the methods' payloads, validated by Fastify before a handler runs (see registry.ts).
// They state types and shapes; lengths of trimmed text, real calendar dates, ranges with Frappe's wording
// and item rows numbered from the invoice's first row stay in domain/, which also guards the arguments a
// client puts in the query string (Frappe's form_dict merges both, a body schema sees only the body).

const text = { type: 'string' } as const
const optionalText = { type: ['string', 'null'] } as const

/** create_purchase_invoice: the header, how many items will come, and the first batch. */
export const createInvoiceBody = {
  type: 'object',
  properties: {
    client_request_id: text,
    supplier: text,
    bill_no: text,
    bill_date: text,
    posting_date: optionalText,
    currency: optionalText,
    expected_items: { type: 'integer' },
    items: { type: 'array' },
  },
} as const

/** append_invoice_items: which invoice, which batch, and its items. */
export const appendItemsBody = {
  type: 'object',
  properties: {
    invoice: text,
    batch_index: { type: 'integer' },
    items: { type: 'array' },
  },
} as const

/** login: a user name (or e-mail) and a password, as JSON or a form. */
export const loginBody = {
  type: 'object',
  properties: { usr: text, pwd: text },
} as const

/** frappe.client reads: query string (GET) or body (POST) alike. */
export const frappeClientArgs = {
  type: 'object',
  properties: {
    doctype: text,
    field: text,
    fieldname: { type: ['string', 'array'], items: text },
    filters: { type: ['string', 'array', 'object'] },
    or_filters: { type: ['string', 'array', 'object'] },
    fields: { type: ['string', 'array'], items: text },
    as_dict: { type: ['string', 'boolean', 'integer'] },
  },
} as const
