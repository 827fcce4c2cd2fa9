import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLERK, METHOD, TestClient, messageText } from './support/client'
import { createBody } from './support/invoices'
import { startTestServer, type TestServer } from './support/server'

let server: TestServer
let clerk: TestClient
const invoices: string[] = []

beforeAll(async () => {
  server = await startTestServer()
  clerk = new TestClient(server.url)
  await clerk.login(CLERK)
  for (const [supplier, bill_no] of [
    ['Aldi Süd', 'A-1'],
    ['Rossmann', 'R-1'],
    ['Aldi Süd', 'A-2'],
  ] as const) {
    const answer = await clerk.post<{ message: { name: string } }>(`${METHOD}.create_purchase_invoice`, createBody({ supplier, bill_no }))
    invoices.push(answer.body.message.name)
  }
})
afterAll(async () => {
  await server?.stop()
})

const list = (doctype: string, params: Record<string, unknown> = {}) => {
  const query = new URLSearchParams(
    Object.entries(params).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
  )
  return clerk.get<{ data: Array<Record<string, unknown>> }>(`/api/resource/${encodeURIComponent(doctype)}?${query}`)
}

describe('GET /api/resource/<DocType>', () => {
  it('lists names only by default, 20 per page, as Frappe does', async () => {
    const answer = await list('Item')
    expect(answer.status).toBe(200)
    expect(answer.body.data).toHaveLength(20)
    expect(Object.keys(answer.body.data[0] ?? {})).toEqual(['name'])
  })

  it('answers the demo Suppliers with the asked fields, EUR mostly and some USD and GBP', async () => {
    const answer = await list('Supplier', { fields: ['name', 'supplier_name', 'default_currency'], limit_page_length: 0 })
    const suppliers = answer.body.data
    expect(suppliers.length).toBeGreaterThanOrEqual(24)
    expect(suppliers).toContainEqual({ name: 'Aldi Süd', supplier_name: 'Aldi Süd', default_currency: 'EUR' })
    const currencies = new Set(suppliers.map((s) => s.default_currency))
    expect(currencies).toEqual(new Set(['EUR', 'USD', 'GBP']))
  })

  it('filters Items with like and in, orders and pages', async () => {
    const like = await list('Item', {
      fields: ['item_code', 'stock_uom'],
      filters: [['item_code', 'like', 'PAPER-%']],
      order_by: 'item_code desc',
    })
    expect(like.body.data).toEqual([
      { item_code: 'PAPER-TOWEL', stock_uom: 'Box' },
      { item_code: 'PAPER-A4', stock_uom: 'Box' },
      { item_code: 'PAPER-A3', stock_uom: 'Box' },
    ])
    const inList = await list('Item', { fields: ['item_code', 'standard_rate'], filters: [['item_code', 'in', ['MILK-1L', 'DIESEL']]] })
    expect(inList.body.data).toEqual([
      { item_code: 'DIESEL', standard_rate: 1.69 },
      { item_code: 'MILK-1L', standard_rate: 1.09 },
    ])
    const page1 = await list('Item', { limit_page_length: 5 })
    const page2 = await list('Item', { limit_page_length: 5, limit_start: 5 })
    expect(page1.body.data).toHaveLength(5)
    expect(page2.body.data).toHaveLength(5)
    expect(page2.body.data.map((r) => r.name)).not.toContain(page1.body.data[0]?.name)
  })

  it('filters Purchase Invoices by supplier and numbers with >= and <=', async () => {
    const answer = await list('Purchase Invoice', {
      fields: ['name', 'supplier', 'bill_no', 'status', 'scan_status', 'grand_total'],
      filters: [
        ['supplier', '=', 'Aldi Süd'],
        ['grand_total', '>=', 1],
      ],
      order_by: 'bill_no asc',
    })
    expect(answer.body.data).toEqual([
      { name: invoices[0], supplier: 'Aldi Süd', bill_no: 'A-1', status: 'Draft', scan_status: 'Complete', grand_total: 32.47 },
      { name: invoices[2], supplier: 'Aldi Süd', bill_no: 'A-2', status: 'Draft', scan_status: 'Complete', grand_total: 32.47 },
    ])
    const none = await list('Purchase Invoice', { filters: [['grand_total', '<=', 1]] })
    expect(none.body.data).toEqual([])
  })

  it('accepts the dict form of filters', async () => {
    const answer = await list('Purchase Invoice', { fields: ['bill_no'], filters: { supplier: 'Rossmann' } })
    expect(answer.body.data).toEqual([{ bill_no: 'R-1' }])
  })

  it('treats SQL in a filter value as a plain value', async () => {
    const answer = await list('Supplier', { filters: [['name', '=', "x' OR '1'='1"]] })
    expect(answer.status).toBe(200)
    expect(answer.body.data).toEqual([])
    expect((await list('Supplier', { limit_page_length: 0 })).body.data.length).toBeGreaterThanOrEqual(24)
  })

  it.each([
    [{ fields: ['name', 'password_hash'] }, /Field not permitted in query: password_hash/],
    [{ fields: ['name; DROP TABLE item'] }, /Field not permitted/],
    [{ filters: [['name', 'regexp', '.*']] }, /Unsupported filter operator "regexp"/],
    [{ filters: '[["name"' }, /filters must be JSON/],
    [{ order_by: 'name; DROP TABLE item' }, /order_by must be like/],
    [{ limit_page_length: -1 }, /limit_page_length must be a whole number/],
  ])('refuses %j with 417 and a message', async (params, message) => {
    const answer = await list('Item', params)
    expect(answer.status).toBe(417)
    expect(answer.body).toMatchObject({ exc_type: 'ValidationError' })
    expect(messageText(answer.body)).toMatch(message)
  })

  it('answers an unknown DocType with 404', async () => {
    const answer = await list('User')
    expect(answer.status).toBe(404)
    expect(messageText(answer.body)).toBe('DocType User not found')
  })

  // A Guest's list on Frappe v15 ends in frappe/model/db_query.py `DatabaseQuery.check_read_permission`: 403.
  it('needs a signed-in user: a guest gets 403 PermissionError', async () => {
    const answer = await new TestClient(server.url).get('/api/resource/Supplier')
    expect(answer.status).toBe(403)
    expect(answer.body).toMatchObject({ exc_type: 'PermissionError' })
  })
})

describe('GET /api/resource/<DocType>/<name>', () => {
  it('returns a Purchase Invoice with its items and server-computed amounts', async () => {
    const answer = await clerk.get<{ data: Record<string, unknown> }>(`/api/resource/Purchase Invoice/${invoices[1]}`)
    expect(answer.status).toBe(200)
    expect(answer.body.data).toMatchObject({
      name: invoices[1],
      supplier: 'Rossmann',
      supplier_name: 'Rossmann',
      bill_no: 'R-1',
      bill_date: '2026-03-02',
      posting_date: '2026-03-05',
      currency: 'EUR',
      docstatus: 0,
      status: 'Draft',
      scan_status: 'Complete',
      expected_items: 2,
      items_received: 2,
      grand_total: 32.47,
      total_qty: 3.5,
      owner: 'clerk@example.com',
    })
    // Child rows carry Frappe's child-table fields (as_dict() in frappe/model/base_document.py).
    const child = (idx: number) => ({
      name: `${invoices[1]}-${idx}`,
      doctype: 'Purchase Invoice Item',
      parent: invoices[1],
      parenttype: 'Purchase Invoice',
      parentfield: 'items',
      docstatus: 0,
    })
    expect(answer.body.data.items).toEqual([
      {
        ...child(1),
        idx: 1,
        item_code: 'PAPER-A4',
        item_name: 'Copy paper A4, 80 g, 500 sheets',
        qty: 2,
        rate: 4.99,
        amount: 9.98,
        uom: 'Box',
      },
      {
        ...child(2),
        idx: 2,
        item_code: 'COFFEE-BEANS',
        item_name: 'Coffee beans, 1 kg',
        qty: 1.5,
        rate: 14.99,
        amount: 22.49,
        uom: 'Kg',
        description: 'Espresso',
      },
    ])
  })

  it('returns a Supplier and an Item by name', async () => {
    expect((await clerk.get('/api/resource/Item/PAPER-A4')).body).toMatchObject({
      data: { item_code: 'PAPER-A4', stock_uom: 'Box', standard_rate: 4.99 },
    })
    expect((await clerk.get('/api/resource/Supplier/Tesco Stores')).body).toMatchObject({ data: { default_currency: 'GBP' } })
  })

  it('answers a missing invoice with 404 DoesNotExistError', async () => {
    const answer = await clerk.get('/api/resource/Purchase Invoice/ACC-PINV-2026-99999')
    expect(answer.status).toBe(404)
    expect(answer.body).toMatchObject({ exc_type: 'DoesNotExistError' })
    expect(messageText(answer.body)).toBe('Purchase Invoice ACC-PINV-2026-99999 not found')
  })

  it('does not take writes through /api/resource', async () => {
    const answer = await clerk.post('/api/resource/Purchase Invoice', { supplier: 'Aldi Süd' })
    expect(answer.status).toBe(403)
  })
})
