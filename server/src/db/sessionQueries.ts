import type { Db } from './database.ts'
import { prepared } from './statements.ts'

// The session table: one row per signed-in browser (sid cookie), with its lazily issued CSRF token.

/** A session as stored, less its times. */
export interface SessionRecord {
  sid: string
  user: string
  csrf_token: string
}

/** Stores a new session valid from `createdAt` until `expiresAt` (ISO strings). */
export function insertSession(db: Db, session: SessionRecord, createdAt: string, expiresAt: string): void {
  prepared(db, 'INSERT INTO session (sid, user, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(
    session.sid,
    session.user,
    session.csrf_token,
    createdAt,
    expiresAt,
  )
}

/** The session for a sid that expires after `now` (ISO), or undefined. */
export function selectLiveSession(db: Db, sid: string, now: string): SessionRecord | undefined {
  return prepared(db, 'SELECT sid, user, csrf_token FROM session WHERE sid = ? AND expires_at > ?').get(sid, now) as
    SessionRecord | undefined
}

/** Sets the session's CSRF token only if it has none yet, then answers the token it has (the first writer's). */
export function setCsrfTokenOnce(db: Db, sid: string, token: string): string {
  prepared(db, "UPDATE session SET csrf_token = ? WHERE sid = ? AND csrf_token = ''").run(token, sid)
  return prepared(db, 'SELECT csrf_token FROM session WHERE sid = ?', { pluck: true }).get(sid) as string
}

/** Removes one session. */
export function deleteSessionRow(db: Db, sid: string): void {
  prepared(db, 'DELETE FROM session WHERE sid = ?').run(sid)
}

/** Removes every session that expired at or before `now` (ISO) and says how many. */
export function deleteSessionsExpiredBy(db: Db, now: string): number {
  return prepared(db, 'DELETE FROM session WHERE expires_at <= ?').run(now).changes
}
