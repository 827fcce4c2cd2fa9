import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Db } from '../db/database.ts'
import { findSession, type SessionRow } from '../domain/sessions.ts'
import { authenticateToken, findUser, type AuthUser } from '../domain/users.ts'
import { authenticationError, csrfTokenError, guestError, permissionError, sessionExpiredError } from '../frappe/errors.ts'

/** Who is asking, and how they proved it. */
export interface AuthState {
  user: AuthUser | null
  via: 'session' | 'token' | null
  session: SessionRow | null
  /** Set when an Authorization header was sent but did not match a key pair. */
  badToken: boolean
  /** Set when a `sid` cookie was sent that names no live session (expired, or ended elsewhere). */
  sessionExpired: boolean
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthState
  }
}

export const SID_COOKIE = 'sid'

/**
 * Resolves every request's user before routing: `Authorization: token key:secret` wins over the `sid`
 * cookie, as in Frappe. Nothing is refused here; routes decide with {@link requireUser}.
 */
export function installAuth(app: FastifyInstance, db: Db): void {
  app.decorateRequest('auth', null as unknown as AuthState)
  app.addHook('onRequest', async (request, reply) => {
    request.auth = resolveAuth(db, request)
    // As Frappe's clear_cookies() on an expired session: the browser stops sending a sid that is dead.
    if (request.auth.sessionExpired) reply.clearCookie(SID_COOKIE, { path: '/' })
  })
}

function resolveAuth(db: Db, request: FastifyRequest): AuthState {
  const header = request.headers.authorization
  if (header !== undefined) {
    const match = /^token ([^:\s]+):(\S+)$/i.exec(header.trim())
    const user = match?.[1] && match[2] ? authenticateToken(db, match[1], match[2]) : null
    return { user, via: user ? 'token' : null, session: null, badToken: !user, sessionExpired: false }
  }
  const sid = request.cookies[SID_COOKIE]
  if (sid && sid !== 'Guest') {
    const session = findSession(db, sid)
    const user = session ? findUser(db, session.user) : null
    if (session && user) return { user, via: 'session', session, badToken: false, sessionExpired: false }
    return { user: null, via: null, session: null, badToken: false, sessionExpired: true }
  }
  return { user: null, via: null, session: null, badToken: false, sessionExpired: false }
}

/**
 * The signed-in user, or an error, as Frappe v15 answers: a Guest is refused with 403 PermissionError
 * (frappe/__init__.py `is_whitelisted`), with `session_expired: 1` only when a `sid` cookie was sent that
 * names no live session (frappe/sessions.py `Session.get_session_record` resumes such a request as Guest).
 * A wrong API key pair is 401 AuthenticationError (frappe/auth.py `validate_auth`).
 */
export function requireUser(request: FastifyRequest): AuthUser {
  if (request.auth.badToken) throw authenticationError('Invalid API key or secret')
  if (request.auth.sessionExpired) throw sessionExpiredError()
  if (!request.auth.user) throw guestError()
  return request.auth.user
}

/**
 * Refuses a cookie-authenticated write that lacks the session's token (token auth needs none). As
 * frappe/auth.py `HTTPRequest.validate_csrf_token`, a session that was never given a token is not checked:
 * a Node client on a cookie session (frappe-js-sdk has no `window.csrf_token` there) can write, while the
 * `SameSite=Lax` sid cookie is never sent on another site's POST.
 */
export function requireCsrf(request: FastifyRequest): void {
  if (request.auth.via !== 'session' || !request.auth.session?.csrf_token) return
  const sent = request.headers['x-frappe-csrf-token']
  if (typeof sent !== 'string' || sent !== request.auth.session.csrf_token) throw csrfTokenError()
}

/** The user, provided they hold one of the roles; otherwise 403. */
export function requireRole(request: FastifyRequest, roles: string[]): AuthUser {
  const user = requireUser(request)
  if (!user.roles.some((role) => roles.includes(role))) throw permissionError(`Not permitted: needs role ${roles.join(' or ')}`)
  return user
}
