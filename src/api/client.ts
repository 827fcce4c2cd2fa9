/** Where requests go and how they authenticate. Set by the settings and session stores. */
export interface ClientConnection {
  /** Origin of a separate Frappe host, e.g. `https://erp.example.com`; empty for this server. */
  baseUrl: string
  apiKey: string
  apiSecret: string
  /** The session's CSRF token; `window.csrf_token` is used while this is empty. */
  csrfToken: string
}

/**
 * Told about every 401 and every 403 answer, so the session can notice that it has ended: a 401 says so, and a
 * 403 may (Frappe v15 refuses a Guest with 403 PermissionError, as it refuses a signed-in user what they may not do).
 */
export type AuthFailureListener = (status: number) => void

const authFailureListeners = new Set<AuthFailureListener>()

/** Calls `listener` whenever the server answers 401 or 403; returns the function that stops it. */
export function onAuthFailure(listener: AuthFailureListener): () => void {
  authFailureListeners.add(listener)
  return () => authFailureListeners.delete(listener)
}

/** Tells the listeners about a 401 or 403 (the envelope calls this; nothing else should). */
export function reportAuthFailure(status: number): void {
  for (const listener of authFailureListeners) listener(status)
}

/** How long a call may take before it fails as a retryable timeout. */
export const REQUEST_TIMEOUT_MS = 30_000

const connection: ClientConnection = { baseUrl: '', apiKey: '', apiSecret: '', csrfToken: '' }

/** Updates where and how requests are sent; later requests use the new values. */
export function configureClient(patch: Partial<ClientConnection>): void {
  Object.assign(connection, patch)
}

function csrfTokenFor(active: ClientConnection): string {
  if (active.csrfToken) return active.csrfToken
  // The token injected into index.html belongs to this server's session, never to another host's.
  if (active.baseUrl || typeof window === 'undefined') return ''
  return typeof window.csrf_token === 'string' ? window.csrf_token : ''
}

/**
 * Where requests go right now (the backend URL; the key pair is deliberately not handed out), e.g. to
 * turn a file's `/private/files/…` URL into a link on the backend, and whether they carry an API key pair
 * (then a plain `<img src>`, which sends no Authorization header, cannot load a private file).
 */
export function currentConnection(): Readonly<Pick<ClientConnection, 'baseUrl'> & { usesApiKey: boolean }> {
  return { baseUrl: connection.baseUrl.replace(/\/+$/, ''), usesApiKey: !!(connection.apiKey && connection.apiSecret) }
}

/** How far an upload has got, as the browser reports it; `total` is null when it cannot tell. */
export interface UploadProgressEvent {
  loaded: number
  total: number | null
}

/** One call as src/api describes it. */
export interface HttpRequest {
  method?: 'GET' | 'POST' | 'DELETE'
  /** A path on the backend, e.g. `/api/method/ping`. */
  url: string
  /** Query parameters; undefined and null are left out. */
  params?: Record<string, unknown>
  /** FormData and Blobs are sent as they are; anything else as JSON. */
  data?: unknown
  signal?: AbortSignal
  /** Overrides the configured connection for one request (Settings tests unsaved values this way). */
  connection?: Partial<ClientConnection>
  timeout?: number
  /** `blob` answers a successful body as a Blob (a stored file); otherwise JSON, or the text when it is not JSON. */
  responseType?: 'json' | 'blob'
  onUploadProgress?: (event: UploadProgressEvent) => void
}

/** Any HTTP answer, successful or not: judging the status is the envelope's job. */
export interface HttpResponse {
  status: number
  headers: Headers
  data: unknown
}

/** A request ready for the wire: full URL, headers, body, and one signal that fires on abort or timeout. */
export interface OutgoingRequest {
  method: string
  url: string
  headers: Headers
  body: FormData | Blob | string | undefined
  /** Aborted with a DOMException: `TimeoutError` when the time ran out, `AbortError` when the caller cancelled. */
  signal: AbortSignal
  responseType: 'json' | 'blob'
  onUploadProgress?: (event: UploadProgressEvent) => void
}

/**
 * What puts a request on the wire and brings back the answer. Like `fetch`, it rejects with a TypeError when no
 * answer arrived and with the signal's reason when the signal fired. Unit tests put a scripted backend here
 * (tests/unit/api/fakeHttp.ts), so everything above it runs for real.
 */
export type Transport = (request: OutgoingRequest) => Promise<HttpResponse>

async function readBody(
  answer: { ok: boolean; text: () => Promise<string>; blob: () => Promise<Blob> },
  responseType: string,
): Promise<unknown> {
  if (responseType === 'blob' && answer.ok) return answer.blob()
  return parseText(await answer.text())
}

/** JSON when it is JSON; otherwise the text itself (a proxy's HTML page says more than a parse error). */
function parseText(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : ''
  } catch {
    return text
  }
}

/** `fetch`, with the session cookie riding along so a separate Frappe host that allows credentials works too. */
async function fetchTransport(request: OutgoingRequest): Promise<HttpResponse> {
  const answer = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: request.signal,
    credentials: 'include',
  })
  return { status: answer.status, headers: answer.headers, data: await readBody(answer, request.responseType) }
}

/** Headers from XMLHttpRequest's one string ("name: value" lines). */
function parseHeaders(raw: string): Headers {
  const headers = new Headers()
  for (const line of raw.trim().split(/[\r\n]+/)) {
    const colon = line.indexOf(':')
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim())
  }
  return headers
}

/**
 * XMLHttpRequest, only for an upload whose progress someone follows: `fetch` cannot report bytes sent. Settles
 * as `fetchTransport` does (a TypeError when no answer came, the signal's reason when it fired).
 */
function xhrTransport(request: OutgoingRequest): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    const onAbort = () => xhr.abort()
    const settle = () => request.signal.removeEventListener('abort', onAbort)
    xhr.open(request.method, request.url)
    xhr.withCredentials = true
    xhr.responseType = request.responseType === 'blob' ? 'blob' : 'text'
    request.headers.forEach((value, name) => xhr.setRequestHeader(name, value))
    xhr.upload.onprogress = (event) =>
      request.onUploadProgress?.({ loaded: event.loaded, total: event.lengthComputable ? event.total : null })
    xhr.onload = () => {
      settle()
      const headers = parseHeaders(xhr.getAllResponseHeaders())
      const ok = xhr.status >= 200 && xhr.status < 300
      const body = xhr.response as Blob | string
      const answer = {
        ok,
        text: () => (typeof body === 'string' ? Promise.resolve(body) : body.text()),
        blob: () => Promise.resolve(body instanceof Blob ? body : new Blob([body])),
      }
      readBody(answer, request.responseType).then((data) => resolve({ status: xhr.status, headers, data }), reject)
    }
    xhr.onerror = () => {
      settle()
      reject(new TypeError('Network request failed'))
    }
    xhr.onabort = () => {
      settle()
      reject(request.signal.reason)
    }
    if (request.signal.aborted) return reject(request.signal.reason)
    request.signal.addEventListener('abort', onAbort, { once: true })
    xhr.send(request.body ?? null)
  })
}

const defaultTransport: Transport = (request) =>
  request.onUploadProgress && typeof XMLHttpRequest !== 'undefined' ? xhrTransport(request) : fetchTransport(request)

let transport: Transport = defaultTransport

/**
 * Replaces what sends requests (tests: a scripted backend, or the real transport wrapped with a cookie jar);
 * returns the function that puts the previous one back.
 */
export function setTransport(replacement: (request: OutgoingRequest, real: Transport) => Promise<HttpResponse>): () => void {
  const previous = transport
  transport = (request) => replacement(request, defaultTransport)
  return () => {
    transport = previous
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

function queryString(params: Record<string, unknown> = {}): string {
  const query = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null) query.append(key, String(value))
  const text = query.toString()
  return text ? `?${text}` : ''
}

function bodyOf(data: unknown, headers: Headers): FormData | Blob | string | undefined {
  if (data === undefined) return undefined
  if (data instanceof FormData || data instanceof Blob || typeof data === 'string') return data
  headers.set('Content-Type', 'application/json')
  return JSON.stringify(data)
}

/** Adds base URL, API token and CSRF token to one request, from the connection in force for it. */
function prepare(request: HttpRequest, signal: AbortSignal): OutgoingRequest {
  const active: ClientConnection = { ...connection, ...request.connection }
  const method = request.method ?? 'GET'
  const headers = new Headers({ Accept: 'application/json' })
  if (active.apiKey && active.apiSecret) headers.set('Authorization', `token ${active.apiKey}:${active.apiSecret}`)
  const csrfToken = csrfTokenFor(active)
  if (csrfToken && !SAFE_METHODS.has(method)) headers.set('X-Frappe-CSRF-Token', csrfToken)
  return {
    method,
    url: `${active.baseUrl.replace(/\/+$/, '')}${request.url}${queryString(request.params)}`,
    headers,
    body: bodyOf(request.data, headers),
    signal,
    responseType: request.responseType ?? 'json',
    ...(request.onUploadProgress ? { onUploadProgress: request.onUploadProgress } : {}),
  }
}

/**
 * Sends one request and answers whatever came back, any status. Rejects only when no answer arrived: with a
 * `TimeoutError` DOMException after `timeout` ms (REQUEST_TIMEOUT_MS unless said), an `AbortError` when the
 * caller's signal fired, or the transport's TypeError when the network failed (errors.ts maps all three).
 */
export async function sendRequest(request: HttpRequest): Promise<HttpResponse> {
  const controller = new AbortController()
  const timer = setTimeout(
    () => controller.abort(new DOMException(`No answer within ${request.timeout ?? REQUEST_TIMEOUT_MS} ms`, 'TimeoutError')),
    request.timeout ?? REQUEST_TIMEOUT_MS,
  )
  const cancel = () => controller.abort(new DOMException('The request was cancelled', 'AbortError'))
  if (request.signal?.aborted) cancel()
  request.signal?.addEventListener('abort', cancel, { once: true })
  try {
    return await transport(prepare(request, controller.signal))
  } finally {
    clearTimeout(timer)
    request.signal?.removeEventListener('abort', cancel)
  }
}
