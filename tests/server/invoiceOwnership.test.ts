import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FrappeFile, PurchaseInvoice } from '../../src/types/frappe'
import { createUser } from '../../server/src/domain/users'
import { ADMIN, CLERK, METHOD, TestClient, messageText } from './support/client'
import { createBody } from './support/invoices'
import { startTestServer, type TestServer } from './support/server'

// Issue 12 item 3: appending lines, attaching files and deleting follow Frappe's `if_owner` rule.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64')
const OTHER = { usr: 'second.clerk@example.com', pwd: 'second-clerk-pw', full_name: 'Second Clerk' }

let server: TestServer
let owner: TestClient
let other: TestClient
let admin: TestClient

beforeAll(async () => {
  server = await startTestServer()
  await createUser(server.app.scanner.db, { name: OTHER.usr, full_name: OTHER.full_name, password: OTHER.pwd, roles: ['Accounts User'] })
  owner = new TestClient(server.url)
  other = new TestClient(server.url)
  admin = new TestClient(server.url)
  await owner.login(CLERK)
  await other.login(OTHER)
  await admin.login(ADMIN)
})
afterAll(async () => {
  await server?.stop()
})

async function ownersDraft(): Promise<string> {
  const answer = await owner.post<{ message: { name: string } }>(`${METHOD}.create_purchase_invoice`, createBody({ expected_items: 6 }))
  expect(answer.status).toBe(200)
  return answer.body.message.name
}
const read = async (name: string) =>
  (await owner.get<{ data: PurchaseInvoice }>(`/api/resource/Purchase Invoice/${encodeURIComponent(name)}`)).body.data
const attachments = async (name: string) =>
  (
    await owner.get<{ data: FrappeFile[] }>(
      `/api/resource/File?filters=${encodeURIComponent(JSON.stringify([['attached_to_name', '=', name]]))}`,
    )
  ).body.data
function pngForm(docname: string): FormData {
  const data = new FormData()
  data.append('doctype', 'Purchase Invoice')
  data.append('docname', docname)
  data.append('file', new Blob([PNG]), 'receipt.png')
  return data
}

describe('another clerk’s invoice', () => {
  it('refuses appending lines with 403 PermissionError and stores nothing', async () => {
    const name = await ownersDraft()
    const answer = await other.post(`${METHOD}.append_invoice_items`, {
      invoice: name,
      batch_index: 1,
      items: [{ item_code: 'PAPER-A4', qty: 1e6, rate: 1 }],
    })
    expect(answer.status).toBe(403)
    expect(answer.body).toMatchObject({ exc_type: 'PermissionError' })
    expect(messageText(answer.body)).toContain(CLERK.usr)
    const doc = await read(name)
    expect(doc.items_received).toBe(2)
    expect(doc.items).toHaveLength(2)
    expect(doc.grand_total).toBe(32.47)
  })

  it('refuses attaching a file with 403 PermissionError and stores no File', async () => {
    const name = await ownersDraft()
    const answer = await other.post('/api/method/upload_file', pngForm(name))
    expect(answer.status).toBe(403)
    expect(answer.body).toMatchObject({ exc_type: 'PermissionError' })
    expect(await attachments(name)).toEqual([])
  })

  it('refuses deleting with 403 and the owner can still discard it', async () => {
    const name = await ownersDraft()
    const refused = await other.request(`/api/resource/Purchase Invoice/${encodeURIComponent(name)}`, {
      method: 'DELETE',
      headers: { 'x-frappe-csrf-token': other.csrfToken ?? '' },
    })
    expect(refused.status).toBe(403)
    expect(await read(name)).toMatchObject({ name })
    const discarded = await owner.request(`/api/resource/Purchase Invoice/${encodeURIComponent(name)}`, {
      method: 'DELETE',
      headers: { 'x-frappe-csrf-token': owner.csrfToken ?? '' },
    })
    expect(discarded.status).toBe(202)
  })

  it('lets the owner and a System Manager append and attach', async () => {
    const name = await ownersDraft()
    const mine = await owner.post(`${METHOD}.append_invoice_items`, {
      invoice: name,
      batch_index: 1,
      items: [{ item_code: 'PEN-BLUE', qty: 1, rate: 1 }],
    })
    expect(mine.status).toBe(200)
    const managers = await admin.post(`${METHOD}.append_invoice_items`, {
      invoice: name,
      batch_index: 2,
      items: [{ item_code: 'PEN-BLUE', qty: 2, rate: 1 }],
    })
    expect(managers.status).toBe(200)
    expect((await owner.post('/api/method/upload_file', pngForm(name))).status).toBe(200)
    expect((await admin.post('/api/method/upload_file', pngForm(name))).status).toBe(200)
    expect((await read(name)).items_received).toBe(4)
  })
})
