/**
 * Splits `items` into consecutive slices of at most `size` elements, in order. The last slice may be
 * shorter; an empty list gives no slices.
 */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  assertBatchSize(size)
  const out: T[][] = []
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size))
  return out
}

/** How many batches of `size` it takes to carry `total` items (at least one, so an invoice always has batch 0). */
export function batchCount(total: number, size: number): number {
  assertBatchSize(size)
  return Math.max(1, Math.ceil(total / size))
}

/** The 1-based, inclusive line range that batch `index` carries, for progress text ("Lines 51–100"). */
export function batchRange(index: number, size: number, total: number): { from: number; to: number } {
  assertBatchSize(size)
  const from = index * size + 1
  return { from, to: Math.min(total, from + size - 1) }
}

function assertBatchSize(size: number): void {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`Batch size must be a whole number of at least 1, not ${size}`)
}
