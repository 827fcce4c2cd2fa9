import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { FrappeFile, InvoiceProgress } from '../../src/types/frappe'
import { createUser, ROLE_ACCOUNTS_USER } from '../../server/src/domain/users'
import { ADMIN, CLERK, METHOD, TestClient, messageText } from './support/client'
import { createBody } from './support/invoices'
import { FIXTURES_DIR, type TestServer } from './support/server'
import { useSignedInClerk } from './support/signedIn'

const RECEIPT = readFileSync(join(FIXTURES_DIR, 'rossmann_27022020_01_00195.jpg'))

let server: TestServer
let clerk: TestClient
useSignedInClerk((session) => void ({ server, clerk } = session))

/** An invoice that announced 4 lines and got 2 of them, as a send cut short leaves it. */
async function partlySent(overrides: Record<string, unknown> = {}, client = clerk): Promise<string> {
  const answer = await client.post<{ message: InvoiceProgress }>(
    `${METHOD}.create_purchase_invoice`,
    createBody({ expected_items: 4, ...overrides }),
  )
  expect(answer.body.message.scan_status).toBe('Receiving')
  return answer.body.message.name
}

async function attach(invoice: string): Promise<FrappeFile> {
  const data = new FormData()
  data.append('doctype', 'Purchase Invoice')
  data.append('docname', invoice)
  data.append('file', new Blob([RECEIPT]), 'page 1.jpg')
  return (await clerk.post<{ message: FrappeFile }>('/api/method/upload_file', data)).body.message
}

const remove = (invoice: string, client = clerk, options: { csrf?: boolean } = {}) =>
  client.request(`/api/resource/Purchase Invoice/${encodeURIComponent(invoice)}`, {
    method: 'DELETE',
    headers: options.csrf === false || !client.csrfToken ? {} : { 'x-frappe-csrf-token': client.csrfToken },
  })
const fetchInvoice = (invoice: string) => clerk.get(`/api/resource/Purchase Invoice/${encodeURIComponent(invoice)}`)

describe('DELETE /api/resource/Purchase Invoice/<name>', () => {
  it("deletes a partly sent invoice with its lines and its attachments' rows and bytes, answering 202 ok as Frappe does", async () => {
    const invoice = await partlySent({ bill_no: 'DISCARD-1' })
    const file = await attach(invoice)
    const stored = join(server.dataDir, 'files', 'private', file.file_url.split('/').pop()!)
    expect(existsSync(stored)).toBe(true)

    const answer = await remove(invoice)
    expect(answer.status).toBe(202)
    expect(answer.body).toEqual({ data: 'ok' })

    expect((await fetchInvoice(invoice)).status).toBe(404)
    expect(existsSync(stored)).toBe(false)
    expect((await clerk.get(file.file_url)).status).toBe(404)
    const db = server.app.scanner.db
    expect(db.prepare('SELECT COUNT(*) FROM purchase_invoice_item WHERE parent = ?').pluck().get(invoice)).toBe(0)
    expect(db.prepare('SELECT COUNT(*) FROM invoice_batch WHERE parent = ?').pluck().get(invoice)).toBe(0)
    expect(db.prepare('SELECT COUNT(*) FROM file WHERE attached_to_name = ?').pluck().get(invoice)).toBe(0)
    // The supplier's Bill No is free again, so the clerk can send the invoice afresh.
    expect((await clerk.post(`${METHOD}.create_purchase_invoice`, createBody({ bill_no: 'DISCARD-1' }))).status).toBe(200)
  })

  it('keeps an invoice that has all its lines: 417, and nothing is deleted', async () => {
    const complete = (await clerk.post<{ message: InvoiceProgress }>(`${METHOD}.create_purchase_invoice`, createBody())).body.message
    expect(complete.scan_status).toBe('Complete')
    const answer = await remove(complete.name)
    expect(answer.status).toBe(417)
    expect(answer.body).toMatchObject({ exc_type: 'ValidationError' })
    expect(messageText(answer.body)).toBe(
      `Purchase Invoice ${complete.name} already has all its 2 lines and cannot be deleted from the scanner; cancel it in ERPNext if it should go`,
    )
    expect((await fetchInvoice(complete.name)).status).toBe(200)
  })

  it('lets only the owner or a System Manager delete it', async () => {
    await createUser(server.app.scanner.db, {
      name: 'second.clerk@example.com',
      full_name: 'Second Clerk',
      password: 'pw',
      roles: [ROLE_ACCOUNTS_USER],
    })
    const other = new TestClient(server.url)
    await other.login({ usr: 'second.clerk@example.com', pwd: 'pw' })
    const invoice = await partlySent()

    const refused = await remove(invoice, other)
    expect(refused.status).toBe(403)
    expect(messageText(refused.body)).toBe(`Not permitted: Purchase Invoice ${invoice} belongs to ${CLERK.usr}`)
    expect((await fetchInvoice(invoice)).status).toBe(200)

    const admin = new TestClient(server.url)
    await admin.login(ADMIN)
    expect((await remove(invoice, admin)).status).toBe(202)
    expect((await fetchInvoice(invoice)).status).toBe(404)
  })

  it('refuses a cookie session without its CSRF token, and a guest', async () => {
    const invoice = await partlySent()
    const noToken = await remove(invoice, clerk, { csrf: false })
    expect(noToken.status).toBe(400)
    expect(noToken.body).toMatchObject({ exc_type: 'CSRFTokenError' })
    // A Guest may not delete (frappe/model/delete_doc.py `check_permission_and_not_submitted`): 403.
    expect((await remove(invoice, new TestClient(server.url))).status).toBe(403)
    expect((await fetchInvoice(invoice)).status).toBe(200)
  })

  it('answers 404 for an invoice that is not there (already deleted, say), and 403 for other doctypes', async () => {
    const missing = await remove('ACC-PINV-2026-99999')
    expect(missing.status).toBe(404)
    expect(missing.body).toMatchObject({ exc_type: 'DoesNotExistError' })
    const supplier = await clerk.request('/api/resource/Supplier/Rossmann', {
      method: 'DELETE',
      headers: { 'x-frappe-csrf-token': clerk.csrfToken! },
    })
    expect(supplier.status).toBe(403)
    expect((await clerk.get('/api/resource/Supplier/Rossmann')).status).toBe(200)
  })
})
