/**
 * Slows password guessing: after `maxFailures` consecutive wrong passwords for one user name, sign-in
 * for that name is refused for `lockSeconds`, even with the right password (like Frappe's
 * "allow_consecutive_login_attempts"). Kept in memory: a restart forgets it, which is acceptable here.
 * Failures older than `lockSeconds` no longer count, so a quiet name drops out at the next prune and
 * guesses at many made-up names cannot grow the map for good.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; lockedUntil: number; lastFailure: number }>()

  constructor(
    private readonly maxFailures = 10,
    private readonly lockSeconds = 60,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until the name may try again, or 0 when it may try now. */
  lockedFor(user: string): number {
    const entry = this.failures.get(user.toLowerCase())
    if (!entry || entry.lockedUntil <= this.now()) return 0
    return Math.ceil((entry.lockedUntil - this.now()) / 1000)
  }

  /** Counts a wrong password; the last allowed failure starts the lock. */
  recordFailure(user: string): void {
    const key = user.toLowerCase()
    const entry = this.failures.get(key) ?? { count: 0, lockedUntil: 0, lastFailure: 0 }
    // A lock that ran out, or failures gone stale, start a fresh count.
    if (this.expired(entry)) Object.assign(entry, { count: 0, lockedUntil: 0 })
    entry.count += 1
    entry.lastFailure = this.now()
    if (entry.count >= this.maxFailures) entry.lockedUntil = this.now() + this.lockSeconds * 1000
    this.failures.set(key, entry)
  }

  /** A successful sign-in clears the count. */
  recordSuccess(user: string): void {
    this.failures.delete(user.toLowerCase())
  }

  /** Drops entries whose lock has run out or whose failures went stale (run by the memory cleanup). */
  prune(): void {
    for (const [key, entry] of this.failures) if (this.expired(entry)) this.failures.delete(key)
  }

  /** How many names are being counted (what prune() bounds). */
  get size(): number {
    return this.failures.size
  }

  private expired(entry: { lockedUntil: number; lastFailure: number }): boolean {
    const now = this.now()
    if (entry.lockedUntil) return entry.lockedUntil <= now
    return entry.lastFailure + this.lockSeconds * 1000 <= now
  }
}
