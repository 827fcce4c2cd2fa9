import type { ListParams } from '@/types/frappe'
import { reportAuthFailure, sendRequest, type ClientConnection, type HttpRequest, type UploadProgressEvent } from './client'
import { errorFromResponse, FrappeError, toFrappeError } from './errors'
import { t } from '@/locales/i18n'

// The only place that knows Frappe's envelope: `{message}` for methods, `{data}` for resources, and
// the error body (via errors.ts). Domain modules call these and see typed values or a FrappeError.

/** Options shared by every call. */
export interface CallOptions {
  signal?: AbortSignal
  /** Overrides the configured base URL or key pair for this call only. */
  connection?: Partial<ClientConnection>
}

/** Options for a whitelisted method call. */
export interface MethodCallOptions extends CallOptions {
  httpMethod?: 'GET' | 'POST'
  /** Query parameters (GET). */
  params?: Record<string, unknown>
  /** The JSON or multipart body (POST). */
  data?: unknown
  timeout?: number
  onUploadProgress?: (event: UploadProgressEvent) => void
}

function notUnderstood(): FrappeError {
  return new FrappeError({
    excType: 'InvalidResponse',
    httpStatus: 200,
    messages: [t('errors.notUnderstood')],
    retryable: false,
  })
}

/** The `message` of a method answer; anything else (an HTML page from a wrong URL) is an error. */
export function unwrapMessage<T>(body: unknown): T {
  if (body && typeof body === 'object' && 'message' in body) return (body as { message: T }).message
  throw notUnderstood()
}

/** The `data` of a resource answer. */
export function unwrapData<T>(body: unknown): T {
  if (body && typeof body === 'object' && 'data' in body) return (body as { data: T }).data
  throw notUnderstood()
}

/** Sends one call; a 2xx answers its body, anything else throws the FrappeError for it. */
async function send(request: HttpRequest): Promise<unknown> {
  try {
    const response = await sendRequest(request)
    if (response.status >= 200 && response.status < 300) return response.data
    throw errorFromResponse(response.status, response.data, response.headers)
  } catch (caught) {
    const error = toFrappeError(caught)
    // A call with its own connection (Settings testing another server or key) says nothing about ours.
    if ((error.httpStatus === 401 || error.httpStatus === 403) && !request.connection) reportAuthFailure(error.httpStatus)
    throw error
  }
}

/** The whole body of a method answer, for the rare method (login) whose answer is not just `message`. */
export async function callMethodRaw(method: string, options: MethodCallOptions = {}): Promise<unknown> {
  const { httpMethod = 'GET', params, data, signal, connection, timeout, onUploadProgress } = options
  const body = await send({
    url: `/api/method/${method}`,
    method: httpMethod,
    params,
    data,
    signal,
    connection,
    ...(timeout === undefined ? {} : { timeout }),
    ...(onUploadProgress ? { onUploadProgress } : {}),
  })
  if (body && typeof body === 'object') return body
  throw notUnderstood()
}

/** Calls `/api/method/<method>` and answers its `message`. */
export async function callMethod<T>(method: string, options: MethodCallOptions = {}): Promise<T> {
  return unwrapMessage<T>(await callMethodRaw(method, options))
}

function resourcePath(doctype: string, name?: string): string {
  const base = `/api/resource/${encodeURIComponent(doctype)}`
  return name === undefined ? base : `${base}/${encodeURIComponent(name)}`
}

/** Frappe expects list fields and filters as JSON inside the query string. */
export function listQuery(params: ListParams): Record<string, string | number> {
  const query: Record<string, string | number> = {}
  if (params.fields) query.fields = JSON.stringify(params.fields)
  if (params.filters) query.filters = JSON.stringify(params.filters)
  if (params.order_by) query.order_by = params.order_by
  if (params.limit_start !== undefined) query.limit_start = params.limit_start
  if (params.limit_page_length !== undefined) query.limit_page_length = params.limit_page_length
  return query
}

/** `GET /api/resource/<doctype>` with Frappe's list parameters; answers the rows. */
export async function getResourceList<T>(doctype: string, params: ListParams = {}, options: CallOptions = {}): Promise<T[]> {
  const body = await send({ url: resourcePath(doctype), params: listQuery(params), signal: options.signal, connection: options.connection })
  const rows = unwrapData<unknown>(body)
  if (!Array.isArray(rows)) throw notUnderstood()
  return rows as T[]
}

/** `GET /api/resource/<doctype>/<name>`; answers the document. */
export async function getResourceDoc<T>(doctype: string, name: string, options: CallOptions = {}): Promise<T> {
  const body = await send({ url: resourcePath(doctype, name), signal: options.signal, connection: options.connection })
  return unwrapData<T>(body)
}

/** `DELETE /api/resource/<doctype>/<name>`; Frappe answers 202 with `{message: "ok"}`. */
export async function deleteResourceDoc(doctype: string, name: string, options: CallOptions = {}): Promise<void> {
  await send({ url: resourcePath(doctype, name), method: 'DELETE', signal: options.signal, connection: options.connection })
}

/** `GET <url>` on the backend as a Blob (a stored file), with the same auth and errors as every call. */
export async function getBlob(url: string, options: CallOptions = {}): Promise<Blob> {
  const body = await send({ url, responseType: 'blob', signal: options.signal, connection: options.connection })
  if (body instanceof Blob) return body
  throw notUnderstood()
}
