import type { InvoiceItemInput } from '../../../src/types/frappe.ts'

let counter = 0

/** A unique id per call, as the app makes one per invoice it sends. */
export function requestId(): string {
  counter += 1
  return `test-${process.pid}-${Date.now()}-${counter}`
}

const CODES = ['PAPER-A4', 'PEN-BLUE', 'COFFEE-BEANS', 'BATTERY-AA', 'MILK-1L'] as const

/** `count` real demo items, with rates in cents so totals are exact: row n costs n × 0.01 × qty. */
export function makeItems(count: number, firstRow = 1): InvoiceItemInput[] {
  return Array.from({ length: count }, (_, i) => ({
    item_code: CODES[(firstRow + i) % CODES.length] as string,
    qty: 1 + ((firstRow + i) % 3),
    rate: (firstRow + i) / 100,
  }))
}

/** A create_purchase_invoice body for a demo supplier. */
export function createBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    client_request_id: requestId(),
    supplier: 'Aldi Süd',
    bill_no: `BILL-${requestId()}`,
    bill_date: '2026-03-02',
    posting_date: '2026-03-05',
    expected_items: 2,
    items: [
      { item_code: 'PAPER-A4', qty: 2, rate: 4.99 },
      { item_code: 'COFFEE-BEANS', qty: 1.5, rate: 14.99, description: 'Espresso' },
    ],
    ...overrides,
  }
}
