import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { FrappeFile } from '../../src/types/frappe'
import { createUser } from '../../server/src/domain/users'
import { METHOD, TestClient, messageText } from './support/client'
import { createBody } from './support/invoices'
import { FIXTURES_DIR, type TestServer } from './support/server'
import { useSignedInClerk } from './support/signedIn'

const RECEIPT = join(FIXTURES_DIR, 'rossmann_27022020_01_00195.jpg')
const OTHER_RECEIPT = join(FIXTURES_DIR, 'aldi_02032020_19_02423.jpg')
// A real 1×1 PNG and a minimal PDF: the server recognises both by their first bytes.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64')
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
)

let server: TestServer
let clerk: TestClient
let invoice: string
useSignedInClerk(async (session) => {
  ;({ server, clerk } = session)
  invoice = (await clerk.post<{ message: { name: string } }>(`${METHOD}.create_purchase_invoice`, createBody())).body.message.name
})

function form(bytes: Buffer, filename: string, fields: Record<string, string> = {}): FormData {
  const data = new FormData()
  for (const [key, value] of Object.entries({ doctype: 'Purchase Invoice', docname: invoice, ...fields })) data.append(key, value)
  data.append('file', new Blob([bytes], { type: 'application/octet-stream' }), filename)
  return data
}
const upload = (data: FormData, client = clerk) => client.post<{ message: FrappeFile }>('/api/method/upload_file', data)
const attachments = async (name = invoice) =>
  (
    await clerk.get<{ data: FrappeFile[] }>(
      `/api/resource/File?fields=${encodeURIComponent('["*"]')}&filters=${encodeURIComponent(JSON.stringify([['attached_to_name', '=', name]]))}`,
    )
  ).body.data
const storedFiles = () => {
  const dir = join(server.dataDir, 'files', 'private')
  return existsSync(dir) ? readdirSync(dir) : []
}

describe('upload_file', () => {
  it('stores a fixture receipt as a private File attached to the invoice and serves it back byte for byte', async () => {
    const bytes = readFileSync(RECEIPT)
    const answer = await upload(form(bytes, 'rossmann receipt.jpg'))
    expect(answer.status).toBe(200)
    expect(answer.body.message).toEqual({
      name: expect.stringMatching(/^[0-9a-f]{10}$/),
      file_name: 'rossmann_receipt.jpg',
      file_url: '/private/files/rossmann_receipt.jpg',
      file_size: bytes.length,
      content_hash: createHash('md5').update(bytes).digest('hex'),
      attached_to_doctype: 'Purchase Invoice',
      attached_to_name: invoice,
      is_private: 1,
    })
    const served = await fetch(new URL(answer.body.message.file_url, server.url), {
      headers: { cookie: `sid=${clerk.cookies.get('sid')}` },
    })
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/jpeg')
    expect(served.headers.get('x-content-type-options')).toBe('nosniff')
    expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true)
    expect(await attachments()).toEqual([expect.objectContaining({ name: answer.body.message.name })])
  })

  it('stores the same bytes on the same invoice once', async () => {
    const bytes = readFileSync(RECEIPT)
    const again = await upload(form(bytes, 'another name.jpg'))
    expect(again.status).toBe(200)
    expect(again.body.message.file_url).toBe('/private/files/rossmann_receipt.jpg')
    expect(await attachments()).toHaveLength(1)
  })

  it('lists an invoice’s files in the order they were uploaded (page order) when asked for creation asc', async () => {
    const other = (await clerk.post<{ message: { name: string } }>(`${METHOD}.create_purchase_invoice`, createBody())).body.message.name
    const sent = []
    for (const [bytes, name] of [
      [PDF, 'page 1.pdf'],
      [readFileSync(OTHER_RECEIPT), 'page 2.jpg'],
      [PNG, 'page 3.png'],
    ] as const)
      sent.push((await upload(form(bytes, name, { docname: other }))).body.message.name)
    const listed = await clerk.get<{ data: FrappeFile[] }>(
      `/api/resource/File?fields=${encodeURIComponent('["name"]')}&order_by=${encodeURIComponent('creation asc')}&filters=${encodeURIComponent(
        JSON.stringify([['attached_to_name', '=', other]]),
      )}`,
    )
    expect(listed.body.data.map((file) => file.name)).toEqual(sent)
  })

  it('gives a second file with the same name its own URL', async () => {
    const answer = await upload(form(readFileSync(OTHER_RECEIPT), 'rossmann receipt.jpg'))
    expect(answer.body.message.file_name).toBe('rossmann_receipt.jpg')
    expect(answer.body.message.file_url).toMatch(/^\/private\/files\/rossmann_receipt-[0-9a-f]{6}\.jpg$/)
    expect(await attachments()).toHaveLength(2)
  })

  it('accepts PNG and PDF, naming them by their bytes, not the name sent', async () => {
    const png = await upload(form(PNG, 'scan.exe'))
    expect(png.body.message.file_name).toBe('scan.png')
    const pdf = await upload(form(PDF, 'invoice'), clerk)
    expect(pdf.body.message.file_name).toBe('invoice.pdf')
    const served = await clerk.get<string>(pdf.body.message.file_url)
    expect(served.headers.get('content-type')).toBe('application/pdf')
  })

  it('refuses anything that is not JPEG, PNG or PDF, whatever its name says', async () => {
    const before = storedFiles().length
    const html = await upload(form(Buffer.from('<html><script>alert(1)</script></html>'), 'receipt.jpg'))
    expect(html.status).toBe(417)
    expect(messageText(html.body)).toBe('Only JPEG, PNG and PDF files can be uploaded; this file is none of them')
    expect(storedFiles()).toHaveLength(before)
  })

  it('keeps path tricks out of the name and the files folder', async () => {
    const answer = await upload(form(PNG.subarray(0, 40), 'x.png', { file_name: '../../../etc/..\\passwd .png' }))
    expect(answer.status).toBe(200)
    expect(answer.body.message.file_name).toBe('passwd_.png')
    expect(storedFiles()).toContain('passwd_.png')
    expect(existsSync(join(server.dataDir, 'etc'))).toBe(false)
  })

  it('serves a file with a long name in umlauts', async () => {
    const name = `${'Bäckerei-Müller-'.repeat(8)}.png`
    const answer = await upload(form(Buffer.concat([PNG, Buffer.from('long')]), name))
    expect(answer.status).toBe(200)
    expect(answer.body.message.file_name).toBe(`${'Bäckerei-Müller-'.repeat(8).slice(0, 100)}.png`)
    const served = await clerk.get<string>(encodeURI(answer.body.message.file_url))
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/png')
  })

  it('does not overwrite a file left on disk that the database does not know', async () => {
    writeFileSync(join(server.dataDir, 'files', 'private', 'orphan.png'), 'left by a crash')
    const answer = await upload(form(Buffer.concat([PNG, Buffer.from('orphan')]), 'orphan.png'))
    expect(answer.status).toBe(200)
    expect(answer.body.message.file_url).toMatch(/^\/private\/files\/orphan-[0-9a-f]{6}\.png$/)
    expect(readFileSync(join(server.dataDir, 'files', 'private', 'orphan.png'), 'utf8')).toBe('left by a crash')
  })

  it('answers a file over 10 MB with 413 and stores nothing', async () => {
    const before = storedFiles().length
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0)
    readFileSync(RECEIPT).copy(big)
    const answer = await upload(form(big, 'huge.jpg'))
    expect(answer.status).toBe(413)
    expect(answer.body).toMatchObject({ exc_type: 'RequestEntityTooLarge' })
    expect(messageText(answer.body)).toMatch(/larger than 10 MB/)
    expect(storedFiles()).toHaveLength(before)
    expect((await clerk.get('/api/method/ping')).status).toBe(200)
  })

  it.each([
    ['no docname', { docname: '' }, 417, /doctype and docname are required/],
    ['an invoice that does not exist', { docname: 'ACC-PINV-2026-99999' }, 404, /Purchase Invoice ACC-PINV-2026-99999 not found/],
    ['another doctype', { doctype: 'User' }, 417, /can only be attached to Purchase Invoice/],
    ['is_private other than 0 or 1', { is_private: 'yes' }, 417, /is_private must be 0 or 1/],
  ])('refuses an upload with %s', async (_label, fields, status, message) => {
    const answer = await upload(form(PNG, 'a.png', fields))
    expect(answer.status).toBe(status)
    expect(messageText(answer.body)).toMatch(message)
  })

  it('refuses a JSON body and a form without a file', async () => {
    const json = await clerk.post('/api/method/upload_file', { doctype: 'Purchase Invoice', docname: invoice })
    expect(json.status).toBe(417)
    expect(messageText(json.body)).toMatch(/multipart\/form-data/)
    const data = new FormData()
    data.append('doctype', 'Purchase Invoice')
    data.append('docname', invoice)
    const noFile = await upload(data)
    expect(noFile.status).toBe(417)
    expect(noFile.body).toMatchObject({ exc_type: 'MandatoryError' })
  })

  it('needs a session with its CSRF token, or a signed-in user', async () => {
    expect((await clerk.post('/api/method/upload_file', form(PNG, 'a.png'), { csrf: false })).status).toBe(400)
    // A Guest calling upload_file: 403 PermissionError, as frappe/__init__.py `is_whitelisted` answers.
    expect((await upload(form(PNG, 'a.png'), new TestClient(server.url))).status).toBe(403)
  })

  it('serves public files (is_private 0) under /files without a session', async () => {
    const publicPdf = Buffer.concat([PDF, Buffer.from('% public\n')])
    const answer = await upload(form(publicPdf, 'public.pdf', { is_private: '0' }))
    expect(answer.body.message).toMatchObject({ file_url: '/files/public.pdf', is_private: 0 })
    const served = await fetch(new URL('/files/public.pdf', server.url))
    expect(served.status).toBe(200)
    expect(Buffer.from(await served.arrayBuffer()).equals(publicPdf)).toBe(true)
  })
})

describe('GET /private/files/<name>', () => {
  // Both 403, as Frappe v15: frappe/utils/response.py `download_private_file` raises Forbidden for a Guest.
  it('refuses a guest and a user without invoice access with 403', async () => {
    const guest = await new TestClient(server.url).get('/private/files/rossmann_receipt.jpg')
    expect(guest.status).toBe(403)
    expect(guest.body).toMatchObject({ exc_type: 'PermissionError' })
    expect(guest.body).not.toHaveProperty('session_expired')
    expect(messageText(guest.body)).toBe("You don't have permission to access this file")
    await createUser(server.app.scanner.db, { name: 'guest.user@example.com', full_name: 'No Roles', password: 'pw', roles: [] })
    const outsider = new TestClient(server.url)
    expect((await outsider.login({ usr: 'guest.user@example.com', pwd: 'pw' })).status).toBe(200)
    const answer = await outsider.get('/private/files/rossmann_receipt.jpg')
    expect(answer.status).toBe(403)
    expect(answer.body).toMatchObject({ exc_type: 'PermissionError' })
  })

  it('answers 404 for an unknown file and for path tricks', async () => {
    expect((await clerk.get('/private/files/nothing.jpg')).status).toBe(404)
    expect((await clerk.get('/private/files/..%2F..%2Fscanner.db')).status).toBe(404)
    expect((await clerk.get('/private/files/%2e%2e/scanner.db')).status).toBe(404)
  })
})
