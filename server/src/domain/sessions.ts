import { randomBytes } from 'node:crypto'
import type { Db } from '../db/database.ts'

/** Frappe's default session expiry is 170 hours; we keep sessions as long, sliding on use is not needed. */
export const SESSION_TTL_MS = 170 * 60 * 60 * 1000

export interface SessionRow {
  sid: string
  user: string
  csrf_token: string
}

/** Starts a session for the user and returns its sid and CSRF token. */
export function createSession(db: Db, user: string, now = Date.now()): SessionRow {
  const session = { sid: randomBytes(24).toString('hex'), user, csrf_token: randomBytes(24).toString('hex') }
  db.prepare('INSERT INTO session (sid, user, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(
    session.sid,
    session.user,
    session.csrf_token,
    new Date(now).toISOString(),
    new Date(now + SESSION_TTL_MS).toISOString(),
  )
  return session
}

/** The live session for a sid, or null when unknown or expired. */
export function findSession(db: Db, sid: string, now = Date.now()): SessionRow | null {
  const row = db
    .prepare('SELECT sid, user, csrf_token FROM session WHERE sid = ? AND expires_at > ?')
    .get(sid, new Date(now).toISOString()) as SessionRow | undefined
  return row ?? null
}

/** Ends a session (logout). */
export function deleteSession(db: Db, sid: string): void {
  db.prepare('DELETE FROM session WHERE sid = ?').run(sid)
}

/** Drops expired sessions; run by the periodic cleanup. */
export function deleteExpiredSessions(db: Db, now = Date.now()): number {
  return db.prepare('DELETE FROM session WHERE expires_at <= ?').run(new Date(now).toISOString()).changes
}
