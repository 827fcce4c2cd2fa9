import { CUSTOM_ERP_METHOD_PREFIX, type SessionUser } from '../../../../src/types/frappe.ts'
import { issueCsrfToken } from '../../domain/sessions.ts'
import type { Db } from '../../db/database.ts'
import type { MethodRegistry } from './registry.ts'

/**
 * `get_session_info`: who is signed in, their roles, and the CSRF token the app must send on writes
 * (issued here if the session had none yet, as Frappe's boot does with `get_csrf_token`).
 */
export function registerSessionInfo(methods: MethodRegistry, db: Db): void {
  methods.define({
    name: `${CUSTOM_ERP_METHOD_PREFIX}.get_session_info`,
    verbs: ['GET'],
    handler({ request, user }): SessionUser {
      if (!user) throw new Error('unreachable: the registry requires a user')
      return {
        name: user.name,
        full_name: user.full_name,
        roles: user.roles,
        csrf_token: request.auth.via === 'session' && request.auth.session ? issueCsrfToken(db, request.auth.session) : '',
      }
    },
  })
}
