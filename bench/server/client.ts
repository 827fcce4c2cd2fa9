/** Signing in as the demo clerk and the request bodies the bench sends, as the app would send them. */
import { CUSTOM_ERP_METHOD_PREFIX, type InvoiceItemInput } from '../../src/types/frappe.ts'

export const METHOD = `/api/method/${CUSTOM_ERP_METHOD_PREFIX}`
const CODES = ['PAPER-A4', 'PEN-BLUE', 'COFFEE-BEANS', 'BATTERY-AA', 'MILK-1L'] as const

/** The headers of a signed-in user's writes: the session cookie and its CSRF token, and the sid itself. */
export interface Session {
  headers: Record<string, string>
  sid: string
}

/**
 * Signs in (as clerk@example.com unless told) and fetches the CSRF token, as the app does after login. `headers` go
 * with the login request (e.g. a forwarded address). Throws when the sign-in is refused.
 */
export async function signIn(
  baseUrl: string,
  { usr = 'clerk@example.com', pwd = 'clerk' }: { usr?: string; pwd?: string } = {},
  headers: Record<string, string> = {},
): Promise<Session> {
  const login = await fetch(new URL('/api/method/login', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ usr, pwd }),
  })
  await login.arrayBuffer()
  if (login.status !== 200) throw new Error(`signing in as ${usr} answered ${login.status}`)
  const sid = login.headers
    .getSetCookie()
    .map((c) => /^sid=([^;]+)/.exec(c)?.[1])
    .find(Boolean)
  if (!sid) throw new Error('login set no sid cookie')
  const cookie = `sid=${sid}`
  const info = await fetch(new URL(`${METHOD}.get_session_info`, baseUrl), { headers: { cookie } })
  const { message } = (await info.json()) as { message: { csrf_token: string } }
  return { headers: { cookie, 'x-frappe-csrf-token': message.csrf_token }, sid }
}

/**
 * `count` lines from row `first` on, each with a description: a short one as on a receipt, or
 * `descriptionChars` long (the server takes up to 2,000) to make requests heavy.
 */
export function makeLines(count: number, first = 1, descriptionChars = 0): InvoiceItemInput[] {
  return Array.from({ length: count }, (_, i) => {
    const row = first + i
    return {
      item_code: CODES[row % CODES.length] as string,
      qty: 1 + (row % 4),
      rate: Math.round(((row * 37) % 5000) + 99) / 100,
      description: `Line ${row}: scanned from the receipt`.padEnd(descriptionChars, ' lorem ipsum'),
    }
  })
}

let counter = 0
/** A create_purchase_invoice body with a unique client_request_id and Bill No. */
export function createBody(lines: InvoiceItemInput[], expectedItems = lines.length): Record<string, unknown> {
  counter += 1
  const id = `bench-${process.pid}-${counter}`
  return {
    client_request_id: id,
    supplier: 'Aldi Süd',
    bill_no: `BENCH-${id}`,
    bill_date: '2026-03-02',
    expected_items: expectedItems,
    items: lines,
  }
}
