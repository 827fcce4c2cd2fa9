export interface BackoffOptions {
  /** The first retry's ceiling, in ms. */
  baseMs?: number
  /** No wait is ever drawn above this, in ms (a server's Retry-After may still ask for longer). */
  capMs?: number
  /** A number in [0, 1); injected so tests are deterministic. */
  random?: () => number
}

export const DEFAULT_BASE_MS = 1_000
export const DEFAULT_CAP_MS = 30_000
/** A Retry-After longer than this is treated as this, so a confused proxy cannot park the clerk for hours. */
export const MAX_RETRY_AFTER_MS = 5 * 60_000

/**
 * "Full jitter" exponential backoff: a random wait between 0 and min(cap, base · 2^attempt), where
 * `attempt` counts failures so far from 0. Jitter spreads many phones reconnecting at once.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const { baseMs = DEFAULT_BASE_MS, capMs = DEFAULT_CAP_MS, random = Math.random } = options
  if (!Number.isInteger(attempt) || attempt < 0) throw new RangeError(`attempt must be a whole number ≥ 0, not ${attempt}`)
  // 2 ** attempt overflows to Infinity for huge attempts; min() keeps it at the cap.
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt)
  return Math.floor(random() * ceiling)
}

/**
 * The wait before the next try: the jittered backoff, but never shorter than what the server asked for in
 * `Retry-After` (seconds), which is itself bounded by {@link MAX_RETRY_AFTER_MS}.
 */
export function retryDelay(attempt: number, retryAfterSeconds: number | null | undefined, options: BackoffOptions = {}): number {
  const jittered = backoffDelay(attempt, options)
  if (retryAfterSeconds == null || !Number.isFinite(retryAfterSeconds) || retryAfterSeconds <= 0) return jittered
  return Math.max(jittered, Math.min(MAX_RETRY_AFTER_MS, Math.ceil(retryAfterSeconds * 1000)))
}
