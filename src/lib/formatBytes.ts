const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const
const STEP = 1024

/** What a figure shows when there is nothing to show (unknown, unsupported, not a number). */
export const NO_FIGURE = '—'

/**
 * A byte count as people read it: "512 B", "12.3 MB", "1.5 GB". Units are binary (1 MB = 1,048,576 bytes),
 * matching what the server reports as `*_mb` and what Chromium's `performance.memory` is measured in.
 * Negative values are differences ("−2.0 MB" when a cleanup freed nothing and memory grew); `null` and
 * non-finite values give "—" rather than a misleading "0 B".
 */
export function formatBytes(bytes: number | null | undefined, digits = 1): string {
  if (bytes == null || !Number.isFinite(bytes)) return NO_FIGURE
  let value = Math.abs(bytes)
  let unit = 0
  while (value >= STEP && unit < UNITS.length - 1) {
    value /= STEP
    unit += 1
  }
  // Whole bytes have no fraction; everything larger keeps `digits` so the figure does not jump in width.
  const text = unit === 0 ? String(Math.round(value)) : value.toFixed(digits)
  const sign = bytes < 0 && Number(text) !== 0 ? '−' : ''
  return `${sign}${text} ${UNITS[unit]}`
}

/** A figure the server already gives in MB (`rss_mb`, `freed_mb`…), shown with the same units as {@link formatBytes}. */
export function formatMegabytes(mb: number | null | undefined, digits = 1): string {
  if (mb == null || !Number.isFinite(mb)) return NO_FIGURE
  return formatBytes(mb * STEP * STEP, digits)
}

/** A 0–1 ratio as a whole percentage: 0.834 → "83%". */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio == null || !Number.isFinite(ratio)) return NO_FIGURE
  return `${Math.round(ratio * 100)}%`
}
