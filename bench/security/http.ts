/** The probe's HTTP: plain fetch with a session's cookie and CSRF token, and answers reduced to what the table shows. */
import { CUSTOM_ERP_METHOD_PREFIX } from '../../src/types/frappe.ts'
import { signIn as signInAs } from '../server/client.ts'

export const METHOD = `/api/method/${CUSTOM_ERP_METHOD_PREFIX}`

export interface Reply {
  status: number
  headers: Headers
  body: Record<string, unknown> | string
}

/** A signed-in user's headers (cookie + CSRF token), or a token header. */
export interface Caller {
  headers: Record<string, string>
  sid?: string
}

export const GUEST: Caller = { headers: {} }

/** One request; a JSON answer is parsed. Never throws for a status, only for a connection failure. */
export async function call(
  base: string,
  path: string,
  init: { method?: string; body?: unknown; caller?: Caller; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...init.caller?.headers, ...init.headers }
  let body: FormData | string | undefined
  if (init.body instanceof FormData) body = init.body
  else if (init.body !== undefined) {
    body = JSON.stringify(init.body)
    headers['content-type'] = 'application/json'
  }
  const response = await fetch(new URL(path, base), { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' })
  const text = await response.text()
  const json = (response.headers.get('content-type') ?? '').includes('json') && text
  return { status: response.status, headers: response.headers, body: json ? (JSON.parse(text) as Record<string, unknown>) : text }
}

/** Signs in and fetches the CSRF token, as the app does (the server bench's sign-in). */
export const signIn = (base: string, usr: string, pwd: string, headers: Record<string, string> = {}): Promise<Caller> =>
  signInAs(base, { usr, pwd }, headers)

/** The first message of a Frappe error body, for the table. */
export function firstMessage(reply: Reply): string {
  if (typeof reply.body === 'string') return reply.body.slice(0, 80)
  const raw = reply.body._server_messages
  if (typeof raw !== 'string') return ''
  const [first] = JSON.parse(raw) as string[]
  return first ? (JSON.parse(first) as { message: string }).message : ''
}

/** Status → count, as `401×10, 429×190`. */
export function tally(statuses: number[]): string {
  const counts = new Map<number, number>()
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1)
  return [...counts]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${s}×${n}`)
    .join(', ')
}

/** Builds a multipart upload of `bytes` to an invoice. */
export function uploadForm(docname: string, bytes: Uint8Array, fileName: string, fields: Record<string, string> = {}): FormData {
  const form = new FormData()
  form.append('doctype', 'Purchase Invoice')
  form.append('docname', docname)
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  form.append('file', new Blob([new Uint8Array(bytes)]), fileName)
  return form
}
