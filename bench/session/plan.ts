/**
 * The clerk's session both builds go through: 100 photos (the fixture receipts, in turn) in 10 invoices of
 * 10 pages, each with a few pasted lines and its own Bill No.
 */
import { readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const REPO_ROOT = resolve(import.meta.dirname, '../..')
export const FIXTURES_DIR = resolve(REPO_ROOT, '../shared/fixtures/receipts')
export const INVOICES = 10
export const PAGES_PER_INVOICE = 10
const ITEM_CODES = ['PAPER-A4', 'PEN-BLUE', 'COFFEE-BEANS', 'STAPLER', 'FOLDER-A4', 'BATTERY-AA']

/** One invoice as the clerk enters it. */
export interface PlannedInvoice {
  number: number
  photos: string[]
  billNo: string
  /** Tab-separated rows as a spreadsheet copies them: item code, qty, rate with a decimal comma. */
  linesText: string
  lineCount: number
}

/** The 10 invoices of the session; `runId` keeps Bill Nos unique across runs against the same server. */
export function planSession(runId: string): PlannedInvoice[] {
  const fixtures = readdirSync(FIXTURES_DIR)
    .filter((name) => name.endsWith('.jpg'))
    .sort()
  if (!fixtures.length) throw new Error(`No receipt fixtures (*.jpg) in ${FIXTURES_DIR}`)
  return Array.from({ length: INVOICES }, (_, i) => {
    const lineCount = 3 + (i % 3)
    const rows = Array.from(
      { length: lineCount },
      (_, j) => `${ITEM_CODES[(i + j) % ITEM_CODES.length]}\t${j + 1}\t${2 + j},${String(10 * i).padStart(2, '0')}`,
    )
    return {
      number: i + 1,
      photos: Array.from({ length: PAGES_PER_INVOICE }, (_, j) =>
        join(FIXTURES_DIR, fixtures[(i * PAGES_PER_INVOICE + j) % fixtures.length]!),
      ),
      billNo: `SESSION-${runId}-${String(i + 1).padStart(2, '0')}`,
      linesText: rows.join('\n'),
      lineCount,
    }
  })
}
