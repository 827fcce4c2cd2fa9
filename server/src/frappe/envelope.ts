import type { FrappeErrorBody, FrappeServerMessage } from '../../../src/types/frappe.ts'
import type { FrappeHttpError } from './errors.ts'

/**
 * Encodes messages as Frappe does: `_server_messages` is a JSON string of a list whose entries are
 * themselves JSON strings of `{message, indicator, …}`.
 */
function encodeServerMessages(messages: FrappeServerMessage[]): string {
  return JSON.stringify(messages.map((m) => JSON.stringify(m)))
}

/**
 * The body of an error response, with every message shown in red as Frappe's `frappe.throw` does, and
 * `exception` as `frappe/app.py` `handle_exception` → `frappe/utils/response.py` `report_error` sets it when
 * tracebacks are allowed: the traceback's last line, `frappe.exceptions.<Type>: <message>` (we never send
 * the traceback itself). frappe-js-sdk shows `exception` first, so clients built on it read the cause.
 */
export function errorBody(error: FrappeHttpError): FrappeErrorBody {
  const body: FrappeErrorBody = {
    exc_type: error.excType,
    exception: `frappe.exceptions.${error.excType}: ${error.message}`,
    _server_messages: encodeServerMessages(
      error.messages.map((message) => ({ message, indicator: 'red', title: titleFor(error.statusCode) })),
    ),
  }
  if (error.existing) body.existing = error.existing
  if (error.sessionExpired) body.session_expired = 1
  if (error.bodyMessage) body.message = error.message
  return body
}

function titleFor(status: number): string {
  if (status === 401 || status === 403) return 'Not Permitted'
  if (status === 404) return 'Not Found'
  if (status === 409) return 'Duplicate Entry'
  if (status === 503) return 'Server Busy'
  return 'Message'
}
