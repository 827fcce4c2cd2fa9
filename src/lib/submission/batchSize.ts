/** append_invoice_items refuses more lines than this in one call. */
export const MAX_BATCH_SIZE = 500

/** The batch size to send with: the configured one, at most 500, or `fallback` for a nonsense setting. */
export function effectiveBatchSize(configured: number, fallback: number): number {
  const size = Math.floor(configured)
  return size >= 1 ? Math.min(size, MAX_BATCH_SIZE) : fallback
}
