import type { FrappeErrorBody, FrappeServerMessage } from '../../../src/types/frappe.ts'

export const CLERK = { usr: 'clerk@example.com', pwd: 'clerk', full_name: 'Demo Clerk' } as const
export const ADMIN = { usr: 'Administrator', pwd: 'admin', full_name: 'Administrator' } as const
export const METHOD = '/api/method/custom_erp.custom_erp.purchase_invoice.api'

export interface Answer<T = unknown> {
  status: number
  headers: Headers
  body: T
}

/**
 * A tiny browser stand-in: keeps the cookies the server sets, sends the CSRF token on writes (like the
 * app does with `window.csrf_token`), or a `token key:secret` header instead.
 */
export class TestClient {
  readonly cookies = new Map<string, string>()
  csrfToken: string | null = null
  authorization: string | null = null

  constructor(public baseUrl: string) {}

  /** Signs in with usr/pwd, keeps the sid and fetches the CSRF token from get_session_info. */
  async login(user: { usr: string; pwd: string }): Promise<Answer> {
    const answer = await this.post('/api/method/login', { usr: user.usr, pwd: user.pwd })
    if (answer.status === 200) {
      const info = await this.get<{ message: { csrf_token: string } }>(`${METHOD}.get_session_info`)
      this.csrfToken = info.body.message.csrf_token
    }
    return answer
  }

  get<T = unknown>(path: string, init: RequestInit = {}): Promise<Answer<T>> {
    return this.request<T>(path, { ...init, method: init.method ?? 'GET' })
  }

  /** POSTs JSON (or a FormData / URLSearchParams as is), with the CSRF token unless `csrf: false`. */
  post<T = unknown>(path: string, body: unknown, options: { csrf?: boolean; headers?: Record<string, string> } = {}): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...options.headers }
    let payload: FormData | URLSearchParams | string
    if (body instanceof FormData || body instanceof URLSearchParams || typeof body === 'string') payload = body
    else {
      payload = JSON.stringify(body)
      headers['content-type'] ??= 'application/json'
    }
    if (options.csrf !== false && this.csrfToken) headers['x-frappe-csrf-token'] = this.csrfToken
    return this.request<T>(path, { method: 'POST', body: payload, headers })
  }

  async request<T>(path: string, init: RequestInit): Promise<Answer<T>> {
    const headers = new Headers(init.headers)
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '))
    if (this.authorization) headers.set('authorization', this.authorization)
    const response = await fetch(new URL(path, this.baseUrl), { ...init, headers, redirect: 'manual' })
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      const expired = attributes.some((a) => /^\s*max-age=0$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a))
      if (expired || value === '') this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    const text = await response.text()
    const type = response.headers.get('content-type') ?? ''
    const body = (type.includes('json') && text ? JSON.parse(text) : text) as T
    return { status: response.status, headers: response.headers, body }
  }
}

/** Decodes `_server_messages` the way the app does: a JSON list of JSON strings. */
export function serverMessages(body: unknown): FrappeServerMessage[] {
  const raw = (body as FrappeErrorBody)._server_messages
  if (typeof raw !== 'string') return []
  return (JSON.parse(raw) as string[]).map((entry) => JSON.parse(entry) as FrappeServerMessage)
}

/** All messages of an error body joined, for `toContain` / `toMatch` assertions. */
export function messageText(body: unknown): string {
  return serverMessages(body)
    .map((m) => m.message)
    .join('\n')
}
