import { AxiosError, AxiosHeaders, CanceledError, type AxiosAdapter, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios'
import { http } from '@/api/client'

/** One request as it left the app, after the client's interceptors. */
export interface SentRequest {
  method: string
  /** Path without the query, e.g. `/api/method/login`. */
  path: string
  baseURL: string
  params: Record<string, unknown>
  /** The body as sent: a JSON string, FormData, or undefined. */
  data: unknown
  header: (name: string) => string | undefined
  config: InternalAxiosRequestConfig
}

/** An HTTP answer (`body` objects are sent as JSON text, strings and Blobs as they are) or no answer at all. */
export type FakeReply = { status: number; body?: unknown; headers?: Record<string, string> } | { fail: 'offline' | 'timeout' }

export type FakeHandler = (request: SentRequest) => FakeReply | Promise<FakeReply>

/** A scripted backend behind the real axios instance: routes by method and path, records every request. */
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

function toSent(config: InternalAxiosRequestConfig): SentRequest {
  const headers = AxiosHeaders.from(config.headers)
  return {
    method: (config.method ?? 'get').toUpperCase(),
    path: config.url ?? '',
    baseURL: config.baseURL ?? '',
    params: { ...(config.params as Record<string, unknown> | undefined) },
    data: config.data,
    header: (name) => {
      const value = headers.get(name)
      return value === undefined || value === null || value === false ? undefined : String(value)
    },
    config,
  }
}

/**
 * Replaces the adapter of the app's one axios instance, so everything above it (interceptors,
 * transforms, error mapping) runs for real. Unrouted requests answer 404.
 */
export function installFakeHttp(): FakeHttp {
  const original = http.defaults.adapter
  const routes = new Map<string, FakeReply | FakeHandler>()
  const requests: SentRequest[] = []

  const adapter: AxiosAdapter = async (config) => {
    const sent = toSent(config)
    requests.push(sent)
    const route = routes.get(`${sent.method} ${sent.path}`)
    const pending = Promise.resolve(
      typeof route === 'function'
        ? route(sent)
        : (route ?? { status: 404, body: frappeError('DoesNotExistError', `No fake route for ${sent.method} ${sent.path}`) }),
    )
    const signal = config.signal as AbortSignal | undefined
    const aborted = new Promise<never>((_, reject) => {
      const cancel = () => reject(new CanceledError(undefined, undefined, config))
      if (signal?.aborted) cancel()
      signal?.addEventListener('abort', cancel, { once: true })
    })
    const reply = await Promise.race([pending, aborted])
    if ('fail' in reply) {
      throw reply.fail === 'timeout'
        ? new AxiosError(`timeout of ${config.timeout}ms exceeded`, AxiosError.ECONNABORTED, config)
        : new AxiosError('Network Error', AxiosError.ERR_NETWORK, config)
    }
    const response: AxiosResponse = {
      status: reply.status,
      statusText: String(reply.status),
      data:
        typeof reply.body === 'string' || reply.body === undefined || reply.body instanceof Blob
          ? (reply.body ?? '')
          : JSON.stringify(reply.body),
      headers: new AxiosHeaders({ 'content-type': contentTypeOf(reply.body), ...reply.headers }),
      config,
    }
    if (config.validateStatus && !config.validateStatus(response.status)) {
      const code = response.status >= 500 ? AxiosError.ERR_BAD_RESPONSE : AxiosError.ERR_BAD_REQUEST
      throw new AxiosError(`Request failed with status code ${response.status}`, code, config, null, response)
    }
    return response
  }
  http.defaults.adapter = adapter

  const fake: FakeHttp = {
    requests,
    on(method, path, reply) {
      routes.set(`${method.toUpperCase()} ${path}`, reply)
      return fake
    },
    sentTo: (path) => requests.filter((request) => request.path === path),
    restore() {
      http.defaults.adapter = original
    },
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
  const guest = (): FakeReply => ({ status: 401, body: frappeError('AuthenticationError', 'Not signed in') })
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
