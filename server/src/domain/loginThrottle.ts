import type { Db } from '../db/database.ts'
import { clearAttempts, countAttempt, countKeys, deleteStaleAttempts, selectAttempts, uncountAttempt } from '../db/loginAttemptQueries.ts'

/** How many failed sign-ins a key may collect before it is locked, and for how long it stays locked. */
export interface LoginLimit {
  maxFailures: number
  lockSeconds: number
}

export interface LoginLimits {
  /** Per user name: Frappe's "allow_consecutive_login_attempts" is 10 by default. */
  user: LoginLimit
  /** Per client address: many made-up names from one place (an office behind one NAT has room to spare). */
  address: LoginLimit
}

export const LOGIN_LIMITS: LoginLimits = {
  user: { maxFailures: 10, lockSeconds: 60 },
  address: { maxFailures: 30, lockSeconds: 60 },
}

/** What reserve() answers: go ahead with the ticket, or wait `retryAfter` seconds. */
export type Reservation = { ok: true; ticket: LoginTicket } | { ok: false; retryAfter: number; scope: 'user' | 'address' }

/** An attempt counted before its password was checked, to settle or release afterwards. */
export interface LoginTicket {
  userKey: string
  addressKey: string
}

/**
 * Slows password guessing. An attempt is counted as a failure *before* its password is hashed (reserve),
 * and settled afterwards: a success clears the user name's count and gives back the address's; a failure
 * stays counted. So however many requests arrive at once, at most `maxFailures` of them are ever checked
 * for one name or one address — the lock cannot be raced. A key with `maxFailures` counted attempts is
 * refused until `lockSeconds` after the last one; counts older than that go stale. Kept in SQLite
 * (`login_attempt`), so a restart does not unlock anyone; a crash mid-check leaves the attempt counted.
 */
export class LoginThrottle {
  constructor(
    private readonly db: Db,
    private readonly limits: LoginLimits = LOGIN_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts an attempt for this name from this address, or says how long either is locked. */
  reserve(user: string, address: string): Reservation {
    const ticket = { userKey: `user:${user.toLowerCase()}`, addressKey: `address:${address}` }
    return this.db
      .transaction((): Reservation => {
        const now = this.now()
        for (const [scope, key] of [
          ['address', ticket.addressKey],
          ['user', ticket.userKey],
        ] as const) {
          const wait = this.lockedFor(key, this.limits[scope], now)
          if (wait > 0) return { ok: false, retryAfter: wait, scope }
        }
        this.count(ticket.userKey, this.limits.user, now)
        this.count(ticket.addressKey, this.limits.address, now)
        return { ok: true, ticket }
      })
      .immediate()
  }

  /** After the check: a success clears the name and gives the address its attempt back; a failure stays. */
  settle(ticket: LoginTicket, success: boolean): void {
    if (!success) return
    this.db.transaction(() => {
      clearAttempts(this.db, ticket.userKey)
      this.uncount(ticket.addressKey)
    })()
  }

  /** The password was never checked (the hashing queue was full): the attempt does not count. */
  release(ticket: LoginTicket): void {
    this.db.transaction(() => {
      this.uncount(ticket.userKey)
      this.uncount(ticket.addressKey)
    })()
  }

  /** Drops counts gone stale (run by the memory cleanup), so guesses at made-up names do not pile up. */
  prune(): void {
    deleteStaleAttempts(this.db, this.now())
  }

  /** How many names and addresses are being counted (what prune() bounds). */
  get size(): number {
    return countKeys(this.db)
  }

  private lockedFor(key: string, limit: LoginLimit, now: number): number {
    const row = selectAttempts(this.db, key)
    if (!row || row.expires_at <= now || row.count < limit.maxFailures) return 0
    return Math.ceil((row.expires_at - now) / 1000)
  }

  private count(key: string, limit: LoginLimit, now: number): void {
    countAttempt(this.db, key, now + limit.lockSeconds * 1000, now)
  }

  private uncount(key: string): void {
    uncountAttempt(this.db, key)
  }
}
