import type { Db } from './database.ts'
import { prepared } from './statements.ts'

// The login_attempt table: failed sign-ins counted per user name and per client address (domain/loginThrottle.ts).

/** A key's count and when it goes stale (ms since the epoch). */
export interface LoginAttemptRow {
  count: number
  expires_at: number
}

/** A key's count, or undefined when it has none. */
export function selectAttempts(db: Db, key: string): LoginAttemptRow | undefined {
  return prepared(db, 'SELECT count, expires_at FROM login_attempt WHERE key = ?').get(key) as LoginAttemptRow | undefined
}

/** Counts one more attempt for a key until `expiresAt`; a count stale at `now` starts again from one. */
export function countAttempt(db: Db, key: string, expiresAt: number, now: number): void {
  prepared(
    db,
    `INSERT INTO login_attempt (key, count, expires_at) VALUES (?, 1, ?)
     ON CONFLICT(key) DO UPDATE SET count = CASE WHEN expires_at <= ? THEN 1 ELSE count + 1 END, expires_at = excluded.expires_at`,
  ).run(key, expiresAt, now)
}

/** Gives a key one attempt back (never below zero). */
export function uncountAttempt(db: Db, key: string): void {
  prepared(db, 'UPDATE login_attempt SET count = count - 1 WHERE key = ? AND count > 0').run(key)
}

/** Forgets a key's count. */
export function clearAttempts(db: Db, key: string): void {
  prepared(db, 'DELETE FROM login_attempt WHERE key = ?').run(key)
}

/** Drops every count stale at `now`. */
export function deleteStaleAttempts(db: Db, now: number): void {
  prepared(db, 'DELETE FROM login_attempt WHERE expires_at <= ?').run(now)
}

/** How many keys are being counted. */
export function countKeys(db: Db): number {
  return prepared(db, 'SELECT COUNT(*) FROM login_attempt', { pluck: true }).get() as number
}
