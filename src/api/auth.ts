import type { LoginResult, SessionUser } from '@/types/frappe'
import { CUSTOM_ERP_METHOD_PREFIX } from '@/types/frappe'
import { callMethod, callMethodRaw, type CallOptions } from './envelope'
import { FrappeError } from './errors'
import { t } from '@/locales/i18n'

/**
 * Signs in with a user name (or email) and password; the server sets the HttpOnly `sid` cookie.
 * Wrong credentials reject with a FrappeError whose messages carry the server's wording.
 */
export async function login(usr: string, pwd: string, options: CallOptions = {}): Promise<LoginResult> {
  const body = (await callMethodRaw('login', { ...options, httpMethod: 'POST', data: { usr, pwd } })) as {
    message?: unknown
    full_name?: unknown
  }
  // A real Frappe answers "No App" for a user without desk access; the session cookie is set all the same.
  if (body.message !== 'Logged In' && body.message !== 'No App') {
    throw new FrappeError({ excType: 'AuthenticationError', httpStatus: 200, messages: [t('errors.signInNotConfirmed')] })
  }
  return { message: 'Logged In', full_name: typeof body.full_name === 'string' ? body.full_name : '' }
}

/** Ends the server session and clears its cookie. */
export async function logout(options: CallOptions = {}): Promise<void> {
  await callMethodRaw('logout', options)
}

/** The signed-in user's name; rejects with an AuthenticationError (401) for a Guest. */
export async function getLoggedUser(options: CallOptions = {}): Promise<string> {
  return callMethod<string>('frappe.auth.get_logged_user', options)
}

/** Name, full name, roles and a fresh CSRF token of the signed-in user. */
export async function getSessionInfo(options: CallOptions = {}): Promise<SessionUser> {
  return callMethod<SessionUser>(`${CUSTOM_ERP_METHOD_PREFIX}.get_session_info`, options)
}
