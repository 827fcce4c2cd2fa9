import type { FastifyReply } from 'fastify'
import type { LoginResult } from '../../../src/types/frappe.ts'
import { createSession, deleteSession, SESSION_TTL_MS } from '../domain/sessions.ts'
import type { LoginThrottle } from '../domain/loginThrottle.ts'
import { authenticatePassword } from '../domain/users.ts'
import { FrappeError, authenticationError, mandatoryError, validationError } from '../frappe/errors.ts'
import { SID_COOKIE } from '../http/auth.ts'
import type { AppContext } from '../http/context.ts'
import type { MethodRegistry } from './methods/registry.ts'

/** login, logout and frappe.auth.get_logged_user, answering as Frappe does. */
export function registerAuthMethods(methods: MethodRegistry, { db }: AppContext, throttle: LoginThrottle): void {
  methods.define({
    name: 'login',
    verbs: ['POST'],
    allowGuest: true,
    csrfExempt: true,
    envelope: false,
    async handler({ request, reply, args }): Promise<LoginResult> {
      const usr = args.usr
      const pwd = args.pwd
      if (usr === undefined || usr === '' || pwd === undefined || pwd === '') throw mandatoryError('Both usr and pwd are required')
      if (typeof usr !== 'string' || typeof pwd !== 'string' || usr.length > 140 || pwd.length > 1024) {
        throw validationError('usr and pwd must be short strings')
      }
      const name = usr.trim()
      const wait = throttle.lockedFor(name)
      if (wait > 0) {
        throw new FrappeError('AuthenticationError', 429, `Too many failed sign-ins: this account is locked, try again in ${wait} seconds`, {
          retryAfter: wait,
        })
      }
      const user = await authenticatePassword(db, name, pwd)
      if (!user) {
        throttle.recordFailure(name)
        throw authenticationError('Invalid login credentials')
      }
      throttle.recordSuccess(name)
      const session = createSession(db, user.name)
      const secure = request.protocol === 'https'
      const maxAge = Math.floor(SESSION_TTL_MS / 1000)
      reply.setCookie(SID_COOKIE, session.sid, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge })
      // Readable by the page, as Frappe sets them, so the app can show who is signed in before asking.
      reply.setCookie('user_id', user.name, { path: '/', sameSite: 'lax', secure, maxAge })
      reply.setCookie('full_name', user.full_name, { path: '/', sameSite: 'lax', secure, maxAge })
      reply.setCookie('system_user', 'yes', { path: '/', sameSite: 'lax', secure, maxAge })
      return { message: 'Logged In', full_name: user.full_name }
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
