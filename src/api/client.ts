import axios, { AxiosHeaders, type AxiosInstance, type InternalAxiosRequestConfig } from 'axios'

/** Where requests go and how they authenticate. Set by the settings and session stores. */
export interface ClientConnection {
  /** Origin of a separate Frappe host, e.g. `https://erp.example.com`; empty for this server. */
  baseUrl: string
  apiKey: string
  apiSecret: string
  /** The session's CSRF token; `window.csrf_token` is used while this is empty. */
  csrfToken: string
}

declare module 'axios' {
  interface AxiosRequestConfig {
    /** Overrides the configured connection for one request (Settings tests unsaved values this way). */
    connection?: Partial<ClientConnection>
  }
}

/** Told about every 401 answer, so the session can notice that it has ended. */
export type AuthFailureListener = (status: number) => void

const authFailureListeners = new Set<AuthFailureListener>()

/** Calls `listener` whenever the server answers 401; returns the function that stops it. */
export function onAuthFailure(listener: AuthFailureListener): () => void {
  authFailureListeners.add(listener)
  return () => authFailureListeners.delete(listener)
}

/** Tells the listeners about a 401 (the envelope calls this; nothing else should). */
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

const SAFE_METHODS = new Set(['get', 'head', 'options'])

/** Adds base URL, API token and CSRF token to one request, from the connection in force for it. */
function applyConnection(config: InternalAxiosRequestConfig): InternalAxiosRequestConfig {
  const active: ClientConnection = { ...connection, ...config.connection }
  config.baseURL = active.baseUrl.replace(/\/+$/, '')
  const headers = AxiosHeaders.from(config.headers)
  if (active.apiKey && active.apiSecret) headers.set('Authorization', `token ${active.apiKey}:${active.apiSecret}`)
  const csrfToken = csrfTokenFor(active)
  if (csrfToken && !SAFE_METHODS.has((config.method ?? 'get').toLowerCase())) headers.set('X-Frappe-CSRF-Token', csrfToken)
  config.headers = headers
  return config
}

/**
 * The one axios instance. The session cookie rides along (`withCredentials`) so a separate Frappe host
 * that allows credentials works as well as this server does.
 */
export const http: AxiosInstance = axios.create({
  withCredentials: true,
  timeout: REQUEST_TIMEOUT_MS,
  headers: { Accept: 'application/json' },
})

http.interceptors.request.use(applyConnection)
