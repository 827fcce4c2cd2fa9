import type { FastifyReply } from 'fastify'
import type { LoginResult } from '../../../src/types/frappe.ts'
import { createSession, deleteSession, SESSION_TTL_MS } from '../domain/sessions.ts'
import { HashGateFullError, type HashGate } from '../domain/hashGate.ts'
import type { LoginThrottle } from '../domain/loginThrottle.ts'
import { authenticatePassword, type AuthUser } from '../domain/users.ts'
import { FrappeHttpError, authenticationError, validationError } from '../frappe/errors.ts'
import { SID_COOKIE } from '../http/auth.ts'
import type { AppContext } from '../http/context.ts'
import type { MethodRegistry } from './methods/registry.ts'
import { loginBody } from './methods/schemas.ts'

/** What stands between a password guess and scrypt. */
export interface LoginGuards {
  throttle: LoginThrottle
  gate: HashGate
}

/** login, logout and frappe.auth.get_logged_user, answering as Frappe does. */
export function registerAuthMethods(methods: MethodRegistry, { db }: AppContext, { throttle, gate }: LoginGuards): void {
  /**
   * The user for a name and password, counting the attempt before the hash (so concurrency cannot race the
   * lock) and hashing through the gate (so sign-ins cannot starve file reads). `address` is request.ip:
   * X-Forwarded-For only counts when SCANNER_TRUST_PROXY=1 made Fastify trust the proxy.
   */
  async function checkPassword(name: string, pwd: string, address: string): Promise<AuthUser> {
    const reservation = throttle.reserve(name, address)
    if (!reservation.ok) {
      const { retryAfter, scope } = reservation
      const what = scope === 'user' ? 'this account is locked' : 'sign-in from this address is paused'
      throw new FrappeHttpError('AuthenticationError', 429, `Too many failed sign-ins: ${what}, try again in ${retryAfter} seconds`, {
        retryAfter,
      })
    }
    let user: AuthUser | null
    try {
      user = await gate.run(() => authenticatePassword(db, name, pwd))
    } catch (error) {
      if (!(error instanceof HashGateFullError)) throw error
      throttle.release(reservation.ticket)
      throw new FrappeHttpError('AuthenticationError', 429, 'The server is busy checking other sign-ins: try again in a moment', {
        retryAfter: 1,
      })
    }
    throttle.settle(reservation.ticket, user !== null)
    if (!user) throw authenticationError('Invalid login credentials', { bodyMessage: true })
    return user
  }

  methods.define({
    name: 'login',
    verbs: ['POST'],
    schema: { body: loginBody },
    allowGuest: true,
    csrfExempt: true,
    envelope: false,
    async handler({ request, reply, args }): Promise<LoginResult> {
      const usr = args.usr
      const pwd = args.pwd
      // As `LoginManager.authenticate` / `fail` in frappe/auth.py: 401 with the reason as the body's `message`.
      if (usr === undefined || usr === '' || pwd === undefined || pwd === '')
        throw authenticationError('Incomplete login details', { bodyMessage: true })
      if (typeof usr !== 'string' || typeof pwd !== 'string' || usr.length > 140 || pwd.length > 1024) {
        throw validationError('usr and pwd must be short strings')
      }
      const name = usr.trim()
      const user = await checkPassword(name, pwd, request.ip)
      const session = createSession(db, user.name)
      const secure = request.protocol === 'https'
      const maxAge = Math.floor(SESSION_TTL_MS / 1000)
      reply.setCookie(SID_COOKIE, session.sid, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge })
      // Readable by the page, as Frappe sets them, so the app can show who is signed in before asking.
      reply.setCookie('user_id', user.name, { path: '/', sameSite: 'lax', secure, maxAge })
      reply.setCookie('full_name', user.full_name, { path: '/', sameSite: 'lax', secure, maxAge })
      reply.setCookie('system_user', 'yes', { path: '/', sameSite: 'lax', secure, maxAge })
      // `home_page` as `LoginManager.set_user_info` answers a System User; this server's app lives at `/`.
      return { message: 'Logged In', full_name: user.full_name, home_page: '/' }
    },
  })

  methods.define({
    name: 'logout',
    // Frappe's logout is a plain GET link; POST is accepted too (with the CSRF token).
    verbs: ['GET', 'POST'],
    allowGuest: true,
    handler({ request, reply }) {
      // An Authorization header wins for who is asking, but a sid cookie sent beside it is still a session
      // the caller means to end: clearing the cookie while the session lives on would leave it replayable.
      if (request.auth.session) deleteSession(db, request.auth.session.sid)
      const sid = request.cookies[SID_COOKIE]
      if (sid) deleteSession(db, sid)
      clearSessionCookies(reply)
      return null
    },
  })

  methods.define({
    name: 'frappe.auth.get_logged_user',
    verbs: ['GET'],
    handler: ({ user }) => user?.name,
  })
}

function clearSessionCookies(reply: FastifyReply): void {
  for (const name of [SID_COOKIE, 'user_id', 'full_name', 'system_user']) reply.clearCookie(name, { path: '/' })
}
