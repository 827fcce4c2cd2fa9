import type { FrappeExcType } from '../../../src/types/frappe.ts'

/** Options for a {@link FrappeHttpError} beyond its message. */
export interface FrappeHttpErrorOptions {
  /** More messages shown after the first one (e.g. one per invalid row). */
  extraMessages?: string[]
  /** Seconds the client should wait before retrying (sent as `Retry-After`). */
  retryAfter?: number
  /** For DuplicateEntryError: the document that already exists. */
  existing?: string
  /** Sends `session_expired: 1`, as Frappe does when the request's `sid` named no live session. */
  sessionExpired?: boolean
  /** Also send the first message as the body's `message`, as `LoginManager.fail` in frappe/auth.py does. */
  bodyMessage?: boolean
}

/**
 * An error the client is meant to see: the error handler turns it into Frappe's body
 * (`exc_type`, `_server_messages`) with this status code. Named apart from the app's `FrappeError`
 * (src/api/errors.ts), which is what a client makes of such a body.
 */
export class FrappeHttpError extends Error {
  readonly excType: FrappeExcType
  readonly statusCode: number
  readonly messages: string[]
  readonly retryAfter?: number
  readonly existing?: string
  readonly sessionExpired: boolean
  readonly bodyMessage: boolean

  constructor(excType: FrappeExcType, statusCode: number, message: string, options: FrappeHttpErrorOptions = {}) {
    super(message)
    this.name = excType
    this.excType = excType
    this.statusCode = statusCode
    this.messages = [message, ...(options.extraMessages ?? [])]
    this.retryAfter = options.retryAfter
    this.existing = options.existing
    this.sessionExpired = options.sessionExpired ?? false
    this.bodyMessage = options.bodyMessage ?? false
  }
}

/** 417: the input breaks a rule (Frappe's `frappe.ValidationError`). */
export const validationError = (message: string, options?: FrappeHttpErrorOptions) =>
  new FrappeHttpError('ValidationError', 417, message, options)

/** 417: a required field is missing (Frappe's `frappe.MandatoryError`). */
export const mandatoryError = (message: string) => new FrappeHttpError('MandatoryError', 417, message)

/** 409: the document already exists; `existing` names it when there is one to name. */
export const duplicateEntryError = (message: string, existing?: string) =>
  new FrappeHttpError('DuplicateEntryError', 409, message, { existing })

/** 403: signed in, but not allowed (also what Frappe answers for a wrong HTTP verb). */
export const permissionError = (message = 'Not permitted') => new FrappeHttpError('PermissionError', 403, message)

/** 401: a wrong password or API key pair (`message` also as the body's `message` for a failed login). */
export const authenticationError = (message = 'Not logged in', options?: FrappeHttpErrorOptions) =>
  new FrappeHttpError('AuthenticationError', 401, message, options)

/**
 * 403 with `session_expired: 1`: the `sid` cookie names no live session. Frappe v15/v16 resume such a request as
 * Guest (frappe/sessions.py `Session.get_session_record`) and refuse the Guest a whitelisted method with
 * PermissionError (frappe/__init__.py `is_whitelisted`); clients read the flag as "signed out".
 */
export const sessionExpiredError = () =>
  new FrappeHttpError('PermissionError', 403, 'Your session has expired: sign in again', { sessionExpired: true })

/**
 * 403 for a Guest (no `sid`, no token) calling what needs a user, as Frappe v15 answers it: frappe/__init__.py
 * `is_whitelisted` throws PermissionError with this summary (Frappe wraps it in `<details>` with "Function … is
 * not whitelisted", which we leave out: the app shows plain text). No `session_expired`: Frappe sets that only
 * when a `sid` cookie named no live session (frappe/sessions.py `Session.get_session_record`).
 */
export const guestError = () =>
  new FrappeHttpError('PermissionError', 403, 'You are not permitted to access this resource. Login to access')

/** 404: the document or route does not exist. */
export const doesNotExistError = (message: string) => new FrappeHttpError('DoesNotExistError', 404, message)

/** 400: a cookie-authenticated write without the session's CSRF token. */
export const csrfTokenError = () =>
  new FrappeHttpError('CSRFTokenError', 400, 'Invalid Request: missing or wrong X-Frappe-CSRF-Token header')

/** 413: the request body or file is larger than allowed. */
export const tooLargeError = (message: string) => new FrappeHttpError('RequestEntityTooLarge', 413, message)

/** 503: the server is too close to its memory limit to take this request; retry later. */
export const memoryPressureError = (message: string, retryAfter: number) =>
  new FrappeHttpError('MemoryPressureError', 503, message, { retryAfter })
