import { setTransport, type HttpResponse, type OutgoingRequest, type UploadProgressEvent } from '@/api/client'

/** One request as it left the app: what the client put on the wire. */
export interface SentRequest {
  method: string
  /** Path without the query, e.g. `/api/method/login`. */
  path: string
  /** The backend's origin (and path prefix) the request went to; empty for this server. */
  baseURL: string
  /** The query string's parameters, as the text that was sent. */
  params: Record<string, string>
  /** The body as sent: a JSON string, FormData, or undefined. */
  data: unknown
  header: (name: string) => string | undefined
  /** Reports upload progress as the browser would (set only when the caller follows it). */
  onUploadProgress?: (event: UploadProgressEvent) => void
}

/** An HTTP answer (`body` objects are sent as JSON text, strings and Blobs as they are) or no answer at all. */
export type FakeReply = { status: number; body?: unknown; headers?: Record<string, string> } | { fail: 'offline' | 'timeout' }

export type FakeHandler = (request: SentRequest) => FakeReply | Promise<FakeReply>

/** A scripted backend behind the real client: routes by method and path, records every request. */
export interface FakeHttp {
  requests: SentRequest[]
  on: (method: string, path: string, reply: FakeReply | FakeHandler) => FakeHttp
  /** The requests sent to a path (any method). */
  sentTo: (path: string) => SentRequest[]
  restore: () => void
}

function contentTypeOf(body: unknown): string {
  if (body instanceof Blob) return body.type || 'application/octet-stream'
  return typeof body === 'string' ? 'text/html' : 'application/json'
}

/**
 * A Frappe error body as the embedded server (server/src/frappe/envelope.ts) sends it: `exception`, and
 * `_server_messages` encoded as Frappe does, a JSON list of JSON strings. tests/server/fakesContract.test.ts
 * fails if the two drift apart.
 */
export function frappeError(excType: string, ...messages: string[]): Record<string, string> {
  return {
    exc_type: excType,
    exception: `frappe.exceptions.${excType}: ${messages.join(' ')}`,
    _server_messages: JSON.stringify(messages.map((message) => JSON.stringify({ message, indicator: 'red', title: 'Message' }))),
  }
}

// Requests to this server are made with a path only; a URL needs a base to be read.
const THIS_SERVER = 'http://this-server.invalid'

function toSent(request: OutgoingRequest): SentRequest {
  const url = new URL(request.url, THIS_SERVER)
  const base = request.url.startsWith('/') ? '' : url.origin
  const prefix = request.url.slice(base.length).split('?')[0]!
  return {
    method: request.method,
    path: url.pathname,
    // A backend under a path (https://host/erp/api/…) keeps its path in the base, as it was configured.
    baseURL: base + prefix.slice(0, prefix.length - url.pathname.length),
    params: Object.fromEntries(url.searchParams),
    data: request.body,
    header: (name) => request.headers.get(name) ?? undefined,
    ...(request.onUploadProgress ? { onUploadProgress: request.onUploadProgress } : {}),
  }
}

/** The answer as the real transport hands it on: JSON parsed, text as text, a Blob only when one was asked for. */
async function toResponse(
  reply: { status: number; body?: unknown; headers?: Record<string, string> },
  request: OutgoingRequest,
): Promise<HttpResponse> {
  const headers = new Headers({ 'content-type': contentTypeOf(reply.body), ...reply.headers })
  const ok = reply.status >= 200 && reply.status < 300
  const { body } = reply
  if (body instanceof Blob) return { status: reply.status, headers, data: request.responseType === 'blob' && ok ? body : await body.text() }
  const text = typeof body === 'string' || body === undefined ? (body ?? '') : JSON.stringify(body)
  if (request.responseType === 'blob' && ok) return { status: reply.status, headers, data: new Blob([text]) }
  let data: unknown = text
  try {
    data = text ? (JSON.parse(text) as unknown) : ''
  } catch {
    // Not JSON: the text itself, as the real transport answers it.
  }
  return { status: reply.status, headers, data }
}

/**
 * Puts a scripted backend in place of the client's transport (fetch / XMLHttpRequest), so everything above
 * it (URL, headers, body, timeout and abort, error mapping) runs for real. Unrouted requests answer 404.
 * A reply `{ fail: 'offline' }` rejects as fetch does when the network fails; `{ fail: 'timeout' }` as the
 * client's own timer would, without waiting for it.
 */
export function installFakeHttp(): FakeHttp {
  const routes = new Map<string, FakeReply | FakeHandler>()
  const requests: SentRequest[] = []

  const transport = async (request: OutgoingRequest): Promise<HttpResponse> => {
    const sent = toSent(request)
    requests.push(sent)
    // fetch refuses a request whose signal has already fired.
    if (request.signal.aborted) throw request.signal.reason as Error
    const route = routes.get(`${sent.method} ${sent.path}`)
    const pending = Promise.resolve(
      typeof route === 'function'
        ? route(sent)
        : (route ?? { status: 404, body: frappeError('DoesNotExistError', `No fake route for ${sent.method} ${sent.path}`) }),
    )
    const { signal } = request
    const aborted = new Promise<never>((_, reject) => {
      const cancel = () => reject(signal.reason as Error)
      signal.addEventListener('abort', cancel, { once: true })
    })
    const reply = await Promise.race([pending, aborted])
    if ('fail' in reply) {
      throw reply.fail === 'timeout' ? new DOMException('No answer in time', 'TimeoutError') : new TypeError('Failed to fetch')
    }
    return toResponse(reply, request)
  }
  const restore = setTransport(transport)

  const fake: FakeHttp = {
    requests,
    on(method, path, reply) {
      routes.set(`${method.toUpperCase()} ${path}`, reply)
      return fake
    },
    sentTo: (path) => requests.filter((request) => request.path === path),
    restore,
  }
  return fake
}

/** A promise with its resolve exposed, to hold an answer until the test lets it go. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((done) => (resolve = done))
  return { promise, resolve }
}

/** The demo clerk as get_session_info describes them. */
export const CLERK = {
  name: 'clerk@example.com',
  full_name: 'Demo Clerk',
  roles: ['Accounts User', 'Purchase User'],
  csrf_token: 'csrf-from-session-info',
}
export const CLERK_PASSWORD = 'clerk'

export const SESSION_INFO_PATH = '/api/method/custom_erp.custom_erp.purchase_invoice.api.get_session_info'

/**
 * Frappe's login/logout/get_logged_user/get_session_info for one user, with the session cookie's state
 * kept here as the server would keep it.
 */
export function routeFrappeSession(
  fake: FakeHttp,
  options: { signedIn?: boolean; user?: typeof CLERK; password?: string } = {},
): { isSignedIn: () => boolean } {
  const user = options.user ?? CLERK
  const password = options.password ?? CLERK_PASSWORD
  let signedIn = options.signedIn ?? false
  // A Guest is refused as frappe/__init__.py `is_whitelisted` refuses it on Frappe v15: 403 PermissionError, no session_expired.
  const guest = (): FakeReply => ({
    status: 403,
    body: frappeError('PermissionError', 'You are not permitted to access this resource. Login to access'),
  })
  fake
    .on('POST', '/api/method/login', (request) => {
      const { usr, pwd } = JSON.parse(String(request.data)) as { usr: string; pwd: string }
      if (usr !== user.name || pwd !== password)
        return {
          status: 401,
          body: { ...frappeError('AuthenticationError', 'Invalid login credentials'), message: 'Invalid login credentials' },
        }
      signedIn = true
      return { status: 200, body: { message: 'Logged In', full_name: user.full_name, home_page: '/' } }
    })
    .on('GET', '/api/method/logout', () => {
      signedIn = false
      return { status: 200, body: {} }
    })
    .on('GET', '/api/method/frappe.auth.get_logged_user', () => (signedIn ? { status: 200, body: { message: user.name } } : guest()))
    .on('GET', SESSION_INFO_PATH, () => (signedIn ? { status: 200, body: { message: user } } : guest()))
  return { isSignedIn: () => signedIn }
}

/** Puts the client back to "this server, no key, no token" between tests. */
export function resetClient(configure: (patch: Record<string, string>) => void): void {
  configure({ baseUrl: '', apiKey: '', apiSecret: '', csrfToken: '' })
  window.csrf_token = undefined
  localStorage.clear()
}
