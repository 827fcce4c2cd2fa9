import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLERK, TestClient, messageText } from './support/client'
import { startTestServer, type TestServer } from './support/server'

// Where a method's arguments come from, as frappe/app.py `make_form_dict` (v15) builds form_dict: a JSON body
// with data is the whole of it and the query string is ignored; otherwise the query string, then a form body
// over it. The embedded server used to merge the query string into a JSON body, which a bench never does.

const COUNT = '/api/method/frappe.client.get_count'

let server: TestServer
let clerk: TestClient
let suppliers: number
let items: number

beforeAll(async () => {
  server = await startTestServer()
  clerk = new TestClient(server.url)
  await clerk.login(CLERK)
  suppliers = (await clerk.get<{ message: number }>(`${COUNT}?doctype=Supplier`)).body.message
  items = (await clerk.get<{ message: number }>(`${COUNT}?doctype=Item`)).body.message
  // The tests below tell the two DocTypes apart by their counts.
  expect(suppliers).not.toBe(items)
})
afterAll(async () => {
  await server?.stop()
})

describe('form_dict: a JSON body beside a query string', () => {
  it('takes the JSON body alone: its doctype wins over the query string’s', async () => {
    const answer = await clerk.post<{ message: number }>(`${COUNT}?doctype=Item`, { doctype: 'Supplier' })
    expect(answer.status).toBe(200)
    expect(answer.body.message).toBe(suppliers)
  })

  it('ignores an argument sent only in the query string when a JSON body has data', async () => {
    const answer = await clerk.post(`${COUNT}?doctype=Supplier`, { filters: [] })
    // No doctype reached the method: it names none, where a merge would have counted the Suppliers.
    expect(answer.status).toBe(404)
    expect(answer.body).toMatchObject({ exc_type: 'DoesNotExistError' })
    expect(messageText(answer.body)).not.toMatch(/Supplier/)
  })

  it('reads the query string when the JSON body is empty (no data is no body)', async () => {
    const answer = await clerk.post<{ message: number }>(`${COUNT}?doctype=Item`, '', { headers: { 'content-type': 'application/json' } })
    expect(answer.status).toBe(200)
    expect(answer.body.message).toBe(items)
  })

  it('merges the query string with a form body, the form’s value last', async () => {
    const merged = await clerk.post<{ message: number }>(`${COUNT}?doctype=Supplier`, new URLSearchParams({ filters: '[]' }))
    expect(merged.status).toBe(200)
    expect(merged.body.message).toBe(suppliers)
    const formWins = await clerk.post<{ message: number }>(`${COUNT}?doctype=Item`, new URLSearchParams({ doctype: 'Supplier' }))
    expect(formWins.body.message).toBe(suppliers)
  })
})
