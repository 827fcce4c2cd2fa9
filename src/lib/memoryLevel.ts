import { DEFAULT_MEMORY_CONFIG, type MemoryConfig, type MemoryLevel } from '@/types/frappe'

/** The two thresholds of `get_memory_config`, as ratios of the budget (0–1). */
export type MemoryThresholds = Pick<MemoryConfig, 'gc_threshold' | 'force_cleanup_threshold'>

/** What the app itself holds in memory, outside the JS heap that `performance.memory` sees. */
export interface MemoryAccount {
  /** Bytes of Blobs the app keeps in memory (pages waiting for IndexedDB or upload, caches). */
  heldBlobBytes: number
  /** Bytes of the Blobs behind live object URLs. */
  objectUrlBytes: number
  /** Pixels being decoded right now; each costs 4 bytes (RGBA). */
  decodingPixels: number
}

/** One reading to judge: the JS heap where the browser reports it, and the app's own account. */
export interface MemoryReading {
  heapUsed: number | null
  heapLimit: number | null
  accountBytes: number
  budgetBytes: number
}

export interface MemoryRatio {
  /** The higher of the two ratios below; what the level is judged on. */
  ratio: number
  /** usedJSHeapSize / jsHeapSizeLimit, or null where `performance.memory` is missing. */
  heapRatio: number | null
  /** The app's own account against its budget. */
  accountRatio: number
  /** Which of the two decided `ratio`. */
  source: 'heap' | 'account'
}

const BYTES_PER_PIXEL = 4

/** Total bytes of the app's own account: held Blobs + object URL Blobs + decoding pixels × 4. */
export function accountBytes(account: MemoryAccount): number {
  const safe = (n: number) => (Number.isFinite(n) && n > 0 ? n : 0)
  return safe(account.heldBlobBytes) + safe(account.objectUrlBytes) + safe(account.decodingPixels) * BYTES_PER_PIXEL
}

/**
 * The ratio the level is judged on. The JS heap alone is nearly blind to images (pixels, canvases and
 * Blobs live outside it), so the higher of the heap ratio and the account ratio wins; without a heap
 * reading the account is all there is.
 */
export function memoryRatio(reading: MemoryReading): MemoryRatio {
  const heapRatio =
    reading.heapUsed !== null && reading.heapLimit !== null && reading.heapLimit > 0 && reading.heapUsed >= 0
      ? reading.heapUsed / reading.heapLimit
      : null
  const accountRatio = reading.budgetBytes > 0 ? Math.max(0, reading.accountBytes) / reading.budgetBytes : 0
  if (heapRatio !== null && heapRatio > accountRatio) return { ratio: heapRatio, heapRatio, accountRatio, source: 'heap' }
  return { ratio: accountRatio, heapRatio, accountRatio, source: 'account' }
}

/**
 * Thresholds a level can be judged on: each a ratio in (0, 1], and the warning no higher than the cleanup
 * threshold. A bad value from the server falls back to its default instead of silencing the monitor.
 */
export function normaliseThresholds(input: Partial<MemoryThresholds>): MemoryThresholds {
  const valid = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n > 0 && n <= 1
  const force = valid(input.force_cleanup_threshold) ? input.force_cleanup_threshold : DEFAULT_MEMORY_CONFIG.force_cleanup_threshold
  const gc = valid(input.gc_threshold) ? input.gc_threshold : DEFAULT_MEMORY_CONFIG.gc_threshold
  return { gc_threshold: Math.min(gc, force), force_cleanup_threshold: force }
}

/** 'critical' at or above `force_cleanup_threshold`, 'warning' at or above `gc_threshold`, else 'ok'. */
export function memoryLevel(ratio: number, thresholds: MemoryThresholds): MemoryLevel {
  const { gc_threshold, force_cleanup_threshold } = normaliseThresholds(thresholds)
  if (!Number.isFinite(ratio)) return ratio > 0 ? 'critical' : 'ok'
  if (ratio >= force_cleanup_threshold) return 'critical'
  if (ratio >= gc_threshold) return 'warning'
  return 'ok'
}

/** A ratio as the clerk reads it: "93 %" (rounded down, so "100 %" only when it really is full). */
export function formatRatio(ratio: number): string {
  const percent = Number.isFinite(ratio) ? Math.max(0, Math.floor(ratio * 100 + 1e-9)) : 100
  return `${percent} %`
}
