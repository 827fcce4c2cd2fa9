import { createHash } from 'node:crypto'
import { DEFAULT_ROUNDING_METHOD, MONEY_PRECISION, lineAmountMinorUnits, type RoundingMethod } from '../../../src/lib/money.ts'
import type { Db } from '../db/database.ts'
import { selectItemMaster, type ItemMasterRow } from '../db/masterQueries.ts'
import { FrappeHttpError, validationError } from '../frappe/errors.ts'
import { boundedNumber, optionalString, requiredString } from './validate.ts'

/** The most items one request may carry (create's first batch or one append). */
const MAX_BATCH_ITEMS = 500
const MAX_QTY = 1_000_000
const MAX_RATE = 10_000_000
const MAX_ROW_ERRORS = 10

/** One validated invoice row, with the server's own amount. */
export interface CleanItem {
  item_code: string
  item_name: string
  qty: number
  rate: number
  amount_cents: number
  uom: string
  description: string | null
  warehouse: string | null
}

type ItemMaster = ItemMasterRow

/**
 * Looks Items up by code. Items are read-only here, so found rows are cached; the memory cleanup clears
 * the cache.
 */
export class ItemLookup {
  private readonly cache = new Map<string, ItemMaster | null>()
  private static readonly MAX_CACHED = 5_000

  constructor(private readonly db: Db) {}

  get(code: string): ItemMaster | null {
    const cached = this.cache.get(code)
    if (cached !== undefined) return cached
    const row = selectItemMaster(this.db, code) ?? null
    // Unknown codes are not cached: an Item may be added while the server runs.
    if (row && this.cache.size < ItemLookup.MAX_CACHED) this.cache.set(code, row)
    return row
  }

  /** Drops the cache (called by the memory cleanup). */
  clear(): void {
    this.cache.clear()
  }
}

/**
 * Validates a batch of items: every row is checked and the first ten problems are reported together,
 * numbered as the invoice's rows (`firstRow` is the row number of the batch's first item).
 * `amount` is computed here as qty × rate in decimal, rounded once to cents by the site's `rounding`;
 * anything the client sent as amount is ignored.
 */
export function validateItems(
  raw: unknown,
  items: ItemLookup,
  firstRow: number,
  rounding: RoundingMethod = DEFAULT_ROUNDING_METHOD,
): CleanItem[] {
  if (raw === undefined || raw === null) throw new FrappeHttpError('MandatoryError', 417, 'items is required')
  if (!Array.isArray(raw)) throw validationError('items must be a list')
  if (raw.length > MAX_BATCH_ITEMS) {
    throw validationError(`A batch holds at most ${MAX_BATCH_ITEMS} items; this one has ${raw.length}. Split it into batches.`)
  }
  const problems: string[] = []
  // The exception type of the first problem, so a missing item_code is a MandatoryError as on create.
  let firstType: FrappeHttpError['excType'] | undefined
  const clean: CleanItem[] = []
  raw.forEach((entry, index) => {
    const row = `Row ${firstRow + index}`
    try {
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw validationError(`${row}: must be an object`)
      const input = entry as Record<string, unknown>
      const code = requiredString(input.item_code, `${row}: item_code`)
      const master = items.get(code)
      if (!master) throw validationError(`${row}: Item ${code} does not exist`)
      const qty = boundedNumber(input.qty, `${row}: qty`, { min: 0, max: MAX_QTY, exclusiveMin: true })
      const rate = boundedNumber(input.rate, `${row}: rate`, { min: 0, max: MAX_RATE })
      clean.push({
        item_code: master.item_code,
        item_name: master.item_name,
        qty,
        rate,
        amount_cents: lineAmountMinorUnits(qty, rate, MONEY_PRECISION, rounding),
        uom: optionalString(input.uom, `${row}: uom`) ?? master.stock_uom,
        description: optionalString(input.description, `${row}: description`, 2000) ?? null,
        warehouse: optionalString(input.warehouse, `${row}: warehouse`) ?? null,
      })
    } catch (error) {
      if (!(error instanceof FrappeHttpError)) throw error
      firstType ??= error.excType
      problems.push(error.message)
    }
  })
  if (problems.length) {
    const shown = problems.slice(0, MAX_ROW_ERRORS)
    if (problems.length > shown.length) shown.push(`…and ${problems.length - shown.length} more rows with problems`)
    const [first = '', ...rest] = shown
    if (firstType === 'MandatoryError') throw new FrappeHttpError('MandatoryError', 417, first, { extraMessages: rest })
    throw validationError(first, { extraMessages: rest })
  }
  return clean
}

/** A fingerprint of a batch as the client meant it, to tell an identical retry from a different payload. */
export function batchHash(items: CleanItem[]): string {
  const canonical = items.map((i) => [i.item_code, i.qty, i.rate, i.uom, i.description, i.warehouse])
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex')
}
