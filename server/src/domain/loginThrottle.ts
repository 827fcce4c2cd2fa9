/**
 * Slows password guessing: after `maxFailures` consecutive wrong passwords for one user name, sign-in
 * for that name is refused for `lockSeconds`, even with the right password (like Frappe's
 * "allow_consecutive_login_attempts"). Kept in memory: a restart forgets it, which is acceptable here.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; lockedUntil: number }>()

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
    const entry = this.failures.get(key) ?? { count: 0, lockedUntil: 0 }
    // A lock that ran out starts a fresh count.
    if (entry.lockedUntil && entry.lockedUntil <= this.now()) Object.assign(entry, { count: 0, lockedUntil: 0 })
    entry.count += 1
    if (entry.count >= this.maxFailures) entry.lockedUntil = this.now() + this.lockSeconds * 1000
    this.failures.set(key, entry)
  }

  /** A successful sign-in clears the count. */
  recordSuccess(user: string): void {
    this.failures.delete(user.toLowerCase())
  }

  /** Drops entries whose lock has run out (run by the memory cleanup). */
  prune(): void {
    for (const [key, entry] of this.failures) if (entry.lockedUntil && entry.lockedUntil <= this.now()) this.failures.delete(key)
  }
}
