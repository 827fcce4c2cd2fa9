import type { FrappeErrorBody, FrappeServerMessage } from '@/types/frappe'
import { htmlPageTitle, htmlToPlainText, looksLikeHtml } from './plainText'
import { t } from '@/locales/i18n'

/** What a FrappeError is built from. */
export interface FrappeErrorInit {
  excType: string
  /** The HTTP status (a Frappe 403 with `session_expired` counts as 401), or 0 when no answer arrived. */
  httpStatus: number
  messages: string[]
  retryAfter?: number | null
  retryable?: boolean
  existing?: string
  /** The server said the session had expired (Frappe's `session_expired: 1`). */
  sessionExpired?: boolean
}

/**
 * Every failed call to the backend, as one typed error: Frappe's exception name, the HTTP status, the
 * server's messages as plain text, and whether trying again later could succeed.
 */
export class FrappeError extends Error {
  readonly excType: string
  readonly httpStatus: number
  /** Plain text, never HTML: safe to show as-is. */
  readonly messages: string[]
  /** Seconds the server asked us to wait (`Retry-After`), or null. */
  readonly retryAfter: number | null
  readonly retryable: boolean
  /** For a DuplicateEntryError: the document that already exists. */
  readonly existing?: string
  /** True when the answer meant "your session has expired" (then `httpStatus` is 401, whatever the wire said). */
  readonly sessionExpired: boolean

  constructor(init: FrappeErrorInit) {
    super(init.messages.join(' ') || init.excType)
    this.name = 'FrappeError'
    this.excType = init.excType
    this.httpStatus = init.httpStatus
    this.messages = init.messages
    this.retryAfter = init.retryAfter ?? null
    this.retryable = init.retryable ?? isRetryableStatus(init.httpStatus)
    if (init.existing !== undefined) this.existing = init.existing
    this.sessionExpired = init.sessionExpired ?? false
  }
}

/** Why no answer arrived: the network failed, the request timed out, or our own code cancelled it. */
export type NetworkFailure = 'offline' | 'timeout' | 'aborted'

/** The message keys (src/locales) for each failure. */
const NETWORK_MESSAGES: Record<NetworkFailure, string> = {
  offline: 'errors.network.offline',
  timeout: 'errors.network.timeout',
  aborted: 'errors.network.aborted',
}

/**
 * A request that got no HTTP answer. A failed network or a timeout is worth retrying; a request our own
 * code cancelled is not, so a retry loop never fights the user who pressed Cancel.
 */
export class NetworkError extends FrappeError {
  readonly reason: NetworkFailure

  constructor(reason: NetworkFailure) {
    super({ excType: 'NetworkError', httpStatus: 0, messages: [t(NETWORK_MESSAGES[reason])], retryable: reason !== 'aborted' })
    this.name = 'NetworkError'
    this.reason = reason
  }
}

/** Server errors, overload (503) and rate limiting (429) may pass; other 4xx answers will not change. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500
}

const EXC_TYPE_BY_STATUS: Record<number, string> = {
  401: 'AuthenticationError',
  403: 'PermissionError',
  404: 'DoesNotExistError',
  409: 'DuplicateEntryError',
  413: 'RequestEntityTooLarge',
  417: 'ValidationError',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  503: 'ServiceUnavailable',
}

/** What the app says, in the clerk's language, for an error the server sent without words (message keys). */
const DEFAULT_MESSAGES: Record<string, string> = {
  AuthenticationError: 'errors.server.AuthenticationError',
  PermissionError: 'errors.server.PermissionError',
  DoesNotExistError: 'errors.server.DoesNotExistError',
  DuplicateEntryError: 'errors.server.DuplicateEntryError',
  ValidationError: 'errors.server.ValidationError',
  MandatoryError: 'errors.server.MandatoryError',
  CSRFTokenError: 'errors.server.CSRFTokenError',
  LinkExistsError: 'errors.server.LinkExistsError',
  RequestEntityTooLarge: 'errors.server.RequestEntityTooLarge',
  MemoryPressureError: 'errors.server.MemoryPressureError',
  ServiceUnavailable: 'errors.server.ServiceUnavailable',
  TooManyRequests: 'errors.server.TooManyRequests',
  InternalServerError: 'errors.server.InternalServerError',
}

// A whole HTML page or a stack trace is not a message: keep what a person can read.
const MAX_MESSAGE_LENGTH = 500

function clean(text: string): string {
  const plain = htmlToPlainText(text)
  return plain.length > MAX_MESSAGE_LENGTH ? `${plain.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : plain
}

function messageOf(entry: unknown): string {
  if (typeof entry === 'string') {
    try {
      return messageOf(JSON.parse(entry) as unknown)
    } catch {
      return entry
    }
  }
  if (entry && typeof entry === 'object' && 'message' in entry) {
    const { message } = entry as FrappeServerMessage
    return typeof message === 'string' ? message : ''
  }
  return ''
}

/**
 * Decodes Frappe's `_server_messages`: a JSON string holding a list of JSON strings, each `{message}`.
 * Malformed input yields whatever text can be recovered rather than throwing.
 */
export function parseServerMessages(raw: unknown): string[] {
  let list: unknown = raw
  if (typeof raw === 'string') {
    try {
      list = JSON.parse(raw) as unknown
    } catch {
      return raw.trim() ? [clean(raw)] : []
    }
  }
  if (!Array.isArray(list)) return []
  return list.map(messageOf).map(clean).filter(Boolean)
}

/** Seconds from a `Retry-After` header (delta-seconds or an HTTP date), or null when absent or unreadable. */
export function parseRetryAfter(value: unknown, now: number = Date.now()): number | null {
  if (typeof value !== 'string' || !value.trim()) return null
  if (/^\d+$/.test(value.trim())) return Number.parseInt(value, 10)
  const date = Date.parse(value)
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000))
}

function headerValue(headers: unknown, name: string): unknown {
  if (!headers || typeof headers !== 'object') return undefined
  const withGet = headers as { get?: (header: string) => unknown }
  if (typeof withGet.get === 'function') return withGet.get(name)
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name)
  return entry?.[1]
}

function parseBody(data: unknown): (Partial<FrappeErrorBody> & Record<string, unknown>) | string | null {
  if (typeof data === 'string') {
    const trimmed = data.trim()
    if (trimmed.startsWith('{')) {
      try {
        return parseBody(JSON.parse(trimmed))
      } catch {
        return trimmed
      }
    }
    return trimmed || null
  }
  return data && typeof data === 'object' ? (data as Record<string, unknown>) : null
}

function messagesFromJson(body: Record<string, unknown>): string[] {
  const fromServer = parseServerMessages(body._server_messages)
  if (fromServer.length) return fromServer
  for (const key of ['_error_message', 'message'] as const) {
    const value = body[key]
    if (typeof value === 'string' && value.trim()) return [clean(value)]
  }
  // `exception` reads "frappe.exceptions.ValidationError: the text"; the text is the useful part.
  if (typeof body.exception === 'string') {
    const text = clean(body.exception.replace(/^[\w.]+:\s*/, ''))
    if (text) return [text]
  }
  return []
}

function fallbackMessage(excType: string, status: number): string {
  const key = DEFAULT_MESSAGES[excType]
  return key ? t(key) : t('errors.http', { status })
}

/**
 * Frappe v15/v16 answer a request whose session expired as the Guest it became: 403 PermissionError with
 * `session_expired: 1` (frappe/sessions.py `Session.get_session_record`, frappe/__init__.py `is_whitelisted`);
 * Frappe's develop branch answers 401. Both mean "signed out", so both become the same 401 AuthenticationError
 * here, and every caller's signed-out path (pause sending, ask to sign in) runs for either.
 */
function sessionExpiredError(body: Record<string, unknown>): FrappeError | null {
  const flag = body.session_expired
  if (flag !== 1 && flag !== '1' && flag !== true) return null
  return new FrappeError({ excType: 'AuthenticationError', httpStatus: 401, messages: [t('errors.sessionExpired')], sessionExpired: true })
}

/**
 * Builds the FrappeError for an HTTP error answer: Frappe's JSON body, a proxy's HTML page (a 413 from
 * nginx), plain text, or nothing at all.
 */
export function errorFromResponse(status: number, data: unknown, headers?: unknown): FrappeError {
  const body = parseBody(data)
  const retryAfter = parseRetryAfter(headerValue(headers, 'retry-after'))
  const statusType = EXC_TYPE_BY_STATUS[status] ?? 'HTTPError'
  if (body && typeof body === 'object' && (status === 401 || status === 403)) {
    const expired = sessionExpiredError(body)
    if (expired) return expired
  }
  if (body && typeof body === 'object') {
    const excType = typeof body.exc_type === 'string' && body.exc_type ? body.exc_type : statusType
    const messages = messagesFromJson(body)
    return new FrappeError({
      excType,
      httpStatus: status,
      messages: messages.length ? messages : [fallbackMessage(excType, status)],
      retryAfter,
      existing: typeof body.existing === 'string' ? body.existing : undefined,
    })
  }
  let message = fallbackMessage(statusType, status)
  if (typeof body === 'string') {
    const title = looksLikeHtml(body) ? htmlPageTitle(body) : clean(body)
    if (title && !DEFAULT_MESSAGES[statusType]) message = `${message.replace(/\.$/, '')}: ${title}`
  }
  return new FrappeError({ excType: statusType, httpStatus: status, messages: [message], retryAfter })
}

/**
 * Maps anything a request can throw to a FrappeError: what `sendRequest` rejects with when no answer came (a
 * `TimeoutError` or `AbortError` DOMException, or fetch's TypeError), or a bug's own error. Nothing of the
 * request is kept, so logging the result can never print the Authorization header or the CSRF token.
 */
export function toFrappeError(error: unknown): FrappeError {
  if (error instanceof FrappeError) return error
  if (error instanceof DOMException && error.name === 'TimeoutError') return new NetworkError('timeout')
  if (error instanceof DOMException && error.name === 'AbortError') return new NetworkError('aborted')
  // fetch says only "TypeError" when the network failed (offline, DNS, refused, CORS): no answer arrived.
  if (error instanceof TypeError) return new NetworkError('offline')
  const text = error instanceof Error ? error.message : String(error)
  return new FrappeError({ excType: 'ClientError', httpStatus: 0, messages: [clean(text) || t('errors.unknown')], retryable: false })
}
