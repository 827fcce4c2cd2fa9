import { describe, expect, it } from 'vitest'
import type { FrappeFile } from '../../src/types/frappe'
import { issueApiKey } from '../../server/src/domain/users'
import { CLERK, METHOD, TestClient, messageText } from './support/client'
import { createBody } from './support/invoices'
import type { TestServer } from './support/server'
import { useSignedInClerk } from './support/signedIn'

// Issue 12, items 4, 6, 7 and 10: the small holes an attacker's probe found.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64')
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')

let server: TestServer
let clerk: TestClient
let invoice: string
useSignedInClerk(async (session) => {
  ;({ server, clerk } = session)
  invoice = (await clerk.post<{ message: { name: string } }>(`${METHOD}.create_purchase_invoice`, createBody({ expected_items: 5 }))).body
    .message.name
})

function form(bytes: Buffer, filename: string, fields: Record<string, string> = {}): FormData {
  const data = new FormData()
  for (const [key, value] of Object.entries({ doctype: 'Purchase Invoice', docname: invoice, ...fields })) data.append(key, value)
  data.append('file', new Blob([bytes]), filename)
  return data
}
const upload = (data: FormData) => clerk.post<{ message: FrappeFile }>('/api/method/upload_file', data)

describe('a required text field of only spaces (item 4)', () => {
  it.each(['client_request_id', 'supplier', 'bill_no'])('answers 417 MandatoryError naming %s on create', async (field) => {
    const answer = await clerk.post(`${METHOD}.create_purchase_invoice`, createBody({ [field]: '   ' }))
    expect(answer.status).toBe(417)
    expect(answer.body).toMatchObject({ exc_type: 'MandatoryError' })
    expect(messageText(answer.body)).toBe(`${field} is required`)
  })

  it('answers 417 MandatoryError naming item_code in a row, and invoice on append', async () => {
    const row = await clerk.post(`${METHOD}.create_purchase_invoice`, createBody({ items: [{ item_code: ' \t ', qty: 1, rate: 1 }] }))
    expect(row.status).toBe(417)
    expect(row.body).toMatchObject({ exc_type: 'MandatoryError' })
    expect(messageText(row.body)).toBe('Row 1: item_code is required')
    const append = await clerk.post(`${METHOD}.append_invoice_items`, {
      invoice: '  ',
      batch_index: 1,
      items: [{ item_code: 'PEN-BLUE', qty: 1, rate: 1 }],
    })
    expect(append.status).toBe(417)
    expect(append.body).toMatchObject({ exc_type: 'MandatoryError' })
    expect(messageText(append.body)).toBe('invoice is required')
  })

  it('trims a real value before it is stored or looked up', async () => {
    const answer = await clerk.post<{ message: { name: string } }>(
      `${METHOD}.create_purchase_invoice`,
      createBody({ supplier: '  Aldi Süd  ', bill_no: '  TRIM-1 ' }),
    )
    expect(answer.status).toBe(200)
    const doc = await clerk.get<{ data: { supplier: string; bill_no: string } }>(
      `/api/resource/Purchase Invoice/${answer.body.message.name}`,
    )
    expect(doc.body.data).toMatchObject({ supplier: 'Aldi Süd', bill_no: 'TRIM-1' })
  })
})

describe('logout with an Authorization header beside the sid cookie (item 6)', () => {
  it('ends the cookie’s session too', async () => {
    const client = new TestClient(server.url)
    await client.login(CLERK)
    const sid = client.cookies.get('sid') ?? ''
    const keys = issueApiKey(server.app.scanner.db, CLERK.usr)
    client.authorization = `token ${keys.api_key}:${keys.api_secret}`
    expect((await client.get('/api/method/logout')).status).toBe(200)
    const replay = new TestClient(server.url)
    replay.cookies.set('sid', sid)
    // A sid naming no live session is answered as Frappe v15 answers an expired one.
    const answer = await replay.get('/api/method/frappe.auth.get_logged_user')
    expect(answer.status).toBe(403)
    expect(answer.body).toMatchObject({ session_expired: 1 })
  })
})

describe('the same bytes uploaded public, then private (item 7)', () => {
  it('stores a private copy that a guest cannot read', async () => {
    const bytes = Buffer.concat([PNG, Buffer.from('privacy-dedupe')])
    const first = await upload(form(bytes, 'shared.png', { is_private: '0' }))
    expect(first.body.message).toMatchObject({ is_private: 0, file_url: '/files/shared.png' })
    const second = await upload(form(bytes, 'shared.png', { is_private: '1' }))
    expect(second.status).toBe(200)
    expect(second.body.message).toMatchObject({ is_private: 1 })
    expect(second.body.message.file_url).toMatch(/^\/private\/files\//)
    // A Guest on /private/files: 403, as frappe/utils/response.py `download_private_file`.
    expect((await fetch(new URL(second.body.message.file_url, server.url))).status).toBe(403)
    // And the other way round: a public upload of bytes already private is public, the private one stays private.
    const bytes2 = Buffer.concat([PNG, Buffer.from('privacy-dedupe-2')])
    const priv = await upload(form(bytes2, 'other.png'))
    const pub = await upload(form(bytes2, 'other.png', { is_private: '0' }))
    expect(pub.body.message.name).not.toBe(priv.body.message.name)
    expect(pub.body.message).toMatchObject({ is_private: 0 })
    // The same bytes in the same privacy are still stored once.
    expect((await upload(form(bytes2, 'again.png'))).body.message.name).toBe(priv.body.message.name)
  })
})

describe('serving files (item 10)', () => {
  it('sends a sandboxing Content-Security-Policy on every file, and a PDF as an attachment unless a signed-in user asks inline', async () => {
    const png = (await upload(form(Buffer.concat([PNG, Buffer.from('csp')]), 'csp.png'))).body.message
    const pdf = (await upload(form(Buffer.concat([PDF, Buffer.from('% csp\n')]), 'csp.pdf'))).body.message
    const publicPdf = (await upload(form(Buffer.concat([PDF, Buffer.from('% csp public\n')]), 'csp-public.pdf', { is_private: '0' }))).body
      .message

    for (const file of [png, pdf, publicPdf]) {
      const served = await clerk.get(file.file_url)
      expect(served.status).toBe(200)
      const csp = served.headers.get('content-security-policy') ?? ''
      expect(csp).toMatch(/(^|;\s*)sandbox(;|$)/)
      expect(csp).toMatch(/default-src 'none'/)
    }
    expect((await clerk.get(png.file_url)).headers.get('content-disposition')).toMatch(/^inline/)
    expect((await clerk.get(pdf.file_url)).headers.get('content-disposition')).toMatch(/^attachment/)
    expect((await clerk.get(`${pdf.file_url}?inline=1`)).headers.get('content-disposition')).toMatch(/^inline/)
    const guestPdf = await fetch(new URL(`${publicPdf.file_url}?inline=1`, server.url))
    expect(guestPdf.headers.get('content-disposition')).toMatch(/^attachment/)
    expect((await clerk.get(`${publicPdf.file_url}?inline=1`)).headers.get('content-disposition')).toMatch(/^inline/)
  })
})
