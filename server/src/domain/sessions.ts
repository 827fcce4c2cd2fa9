import { randomBytes } from 'node:crypto'
import type { Db } from '../db/database.ts'
import { deleteSessionRow, deleteSessionsExpiredBy, insertSession, selectLiveSession, setCsrfTokenOnce } from '../db/sessionQueries.ts'

/** Frappe's default session expiry is 170 hours; we keep sessions as long, sliding on use is not needed. */
export const SESSION_TTL_MS = 170 * 60 * 60 * 1000

export interface SessionRow {
  sid: string
  user: string
  /** '' until {@link issueCsrfToken} gave the session one. */
  csrf_token: string
}

/**
 * Starts a session for the user and returns its sid. It has no CSRF token yet: as in Frappe, the token is
 * issued lazily (frappe/sessions.py `get_csrf_token`), with the page or get_session_info.
 */
export function createSession(db: Db, user: string, now = Date.now()): SessionRow {
  const session = { sid: randomBytes(24).toString('hex'), user, csrf_token: '' }
  insertSession(db, session, new Date(now).toISOString(), new Date(now + SESSION_TTL_MS).toISOString())
  return session
}

/** The live session for a sid, or null when unknown or expired. */
export function findSession(db: Db, sid: string, now = Date.now()): SessionRow | null {
  return selectLiveSession(db, sid, new Date(now).toISOString()) ?? null
}

/**
 * The session's CSRF token, made on first use (frappe/sessions.py `get_csrf_token` / `generate_csrf_token`).
 * Two requests racing to issue it agree on one: only the first UPDATE finds the column still empty.
 */
export function issueCsrfToken(db: Db, session: SessionRow): string {
  if (session.csrf_token) return session.csrf_token
  session.csrf_token = setCsrfTokenOnce(db, session.sid, randomBytes(24).toString('hex'))
  return session.csrf_token
}

/** Ends a session (logout). */
export function deleteSession(db: Db, sid: string): void {
  deleteSessionRow(db, sid)
}

/** Drops expired sessions; run by the periodic cleanup. */
export function deleteExpiredSessions(db: Db, now = Date.now()): number {
  return deleteSessionsExpiredBy(db, new Date(now).toISOString())
}
