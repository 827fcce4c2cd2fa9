import type { FrappeApp } from 'frappe-js-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CUSTOM_ERP_METHOD_PREFIX } from '../../src/types/frappe.ts'
import { ADMIN, CLERK } from './support/client'
import { createBody } from './support/invoices'
import { cookieApp, sdkError, tokenApp } from './support/sdk'
import { startTestServer, type TestServer } from './support/server'

// The official frappe-js-sdk, used as a Node integration would, against the embedded server: every call
// here is the SDK's own, so what passes here works for any client built on it.

const API = CUSTOM_ERP_METHOD_PREFIX
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c63f8ffff3f0005fe02fea7d6a4a90000000049454e44ae426082',
  'hex',
)

interface Progress {
  name: string
  items_received: number
  expected_items: number
}

let server: TestServer
let clerk: FrappeApp
let admin: FrappeApp
const invoices: string[] = []

beforeAll(async () => {
  server = await startTestServer()
  clerk = tokenApp(server, CLERK.usr)
  admin = tokenApp(server, ADMIN.usr)
  for (const [supplier, bill_no, expected_items] of [
    ['Aldi Süd', 'SDK-1', 2],
    ['Rossmann', 'SDK-2', 3],
    ['Aldi Süd', 'SDK-3', 2],
  ] as const) {
    const answer = (await clerk.call().post(`${API}.create_purchase_invoice`, createBody({ supplier, bill_no, expected_items }))) as {
      message: Progress
    }
    invoices.push(answer.message.name)
  }
})
afterAll(async () => {
  await server?.stop()
})

describe('frappe-js-sdk: auth', () => {
  it('token auth: getLoggedInUser names the key’s user', async () => {
    expect(await clerk.auth().getLoggedInUser()).toBe(CLERK.usr)
  })

  it('cookie session: login answers message, full_name and home_page; a write works; logout answers {} and ends it', async () => {
    const { app, cookies } = cookieApp(server)
    const login = await app.auth().loginWithUsernamePassword({ username: CLERK.usr, password: CLERK.pwd })
    expect(login).toEqual({ message: 'Logged In', full_name: CLERK.full_name, home_page: '/' })
    expect(cookies.get('sid')).toMatch(/^[0-9a-f]{48}$/)
    // No CSRF token was ever issued to this session (the SDK in Node has no window.csrf_token), so, as
    // Frappe's validate_csrf_token, the write is taken.
    const created = (await app.call().post(`${API}.create_purchase_invoice`, createBody())) as { message: Progress }
    expect(created.message.items_received).toBe(2)
    const logout = await app.axios.post('/api/method/logout', {})
    expect(logout.data).toEqual({})
    await app.auth().logout()
    const after = await sdkError(app.auth().getLoggedInUser())
    // Signed out, the SDK is a Guest: 403 PermissionError, as frappe/__init__.py `is_whitelisted` answers on a bench.
    expect(after).toMatchObject({ httpStatus: 403, exc_type: 'PermissionError' })
  })

  it('cookie session: once a CSRF token was issued, writes without it are refused', async () => {
    const { app } = cookieApp(server)
    await app.auth().loginWithUsernamePassword({ username: CLERK.usr, password: CLERK.pwd })
    const info = (await app.call().get(`${API}.get_session_info`)) as { message: { csrf_token: string } }
    expect(info.message.csrf_token).toMatch(/^[0-9a-f]{48}$/)
    const refused = await sdkError(app.call().post(`${API}.create_purchase_invoice`, createBody()))
    expect(refused).toMatchObject({ httpStatus: 400, exc_type: 'CSRFTokenError' })
    const taken = await app.axios.post(`/api/method/${API}.create_purchase_invoice`, createBody(), {
      headers: { 'X-Frappe-CSRF-Token': info.message.csrf_token },
    })
    expect(taken.status).toBe(200)
  })

  it('a wrong password answers 401 "Invalid login credentials", a missing one "Incomplete login details"', async () => {
    const { app } = cookieApp(server)
    const wrong = await sdkError(app.auth().loginWithUsernamePassword({ username: CLERK.usr, password: 'nope' }))
    expect(wrong).toMatchObject({
      httpStatus: 401,
      message: 'Invalid login credentials',
      exc_type: 'AuthenticationError',
      exception: 'frappe.exceptions.AuthenticationError: Invalid login credentials',
    })
    const missing = await sdkError(app.auth().loginWithUsernamePassword({ username: CLERK.usr, password: '' }))
    expect(missing).toMatchObject({ httpStatus: 401, message: 'Incomplete login details', exc_type: 'AuthenticationError' })
  })
})

describe('frappe-js-sdk: db reads', () => {
  it('getDocList with fields, filters, orderBy, limit and limit_start', async () => {
    const items = await clerk.db().getDocList('Item', {
      fields: ['item_code', 'stock_uom'],
      filters: [['item_code', 'like', 'PAPER-%']],
      orderBy: { field: 'item_code', order: 'desc' },
      limit: 2,
      limit_start: 1,
    })
    expect(items).toEqual([
      { item_code: 'PAPER-A4', stock_uom: 'Box' },
      { item_code: 'PAPER-A3', stock_uom: 'Box' },
    ])
  })

  it('getDocList with orFilters ORs them, ANDed with filters (frappe/model/db_query.py)', async () => {
    const rows = await clerk.db().getDocList('Item', {
      fields: ['item_code'],
      filters: [['stock_uom', '=', 'Box']],
      orFilters: [
        ['item_code', '=', 'PAPER-A4'],
        ['item_code', '=', 'MILK-1L'],
        ['item_code', 'like', 'PAPER-A3'],
      ],
      orderBy: { field: 'item_code' },
    })
    expect(rows).toEqual([{ item_code: 'PAPER-A3' }, { item_code: 'PAPER-A4' }])
  })

  it('getDocList with asDict false answers lists of values', async () => {
    const rows = await clerk.db().getDocList('Item', {
      fields: ['item_code', 'stock_uom'],
      filters: [['item_code', 'in', ['MILK-1L', 'DIESEL']]],
      orderBy: { field: 'item_code' },
      asDict: false,
    })
    expect(rows).toEqual([
      ['DIESEL', 'Litre'],
      ['MILK-1L', 'Litre'],
    ])
  })

  it('getDocList with groupBy and count() per group', async () => {
    const rows = await clerk.db().getDocList('Purchase Invoice', {
      fields: ['supplier', 'count(name) as count'],
      filters: [['name', 'in', invoices]],
      groupBy: 'supplier',
      orderBy: { field: 'supplier' },
    } as never)
    expect(rows).toEqual([
      { supplier: 'Aldi Süd', count: 2 },
      { supplier: 'Rossmann', count: 1 },
    ])
  })

  it.each([
    [['item_code', '!=', 'DIESEL'], (code: string) => code !== 'DIESEL'],
    [['standard_rate', '<', 1.1], (_: string, rate: number) => rate < 1.1],
    [['standard_rate', '>', 5], (_: string, rate: number) => rate > 5],
    [['item_code', 'not in', ['DIESEL', 'MILK-1L']], (code: string) => code !== 'DIESEL' && code !== 'MILK-1L'],
    [['item_code', 'not like', 'PAPER-%'], (code: string) => !code.startsWith('PAPER-')],
    [['standard_rate', 'between', [1, 2]], (_: string, rate: number) => rate >= 1 && rate <= 2],
    [['standard_rate', '<>', 1.69], (_: string, rate: number) => rate !== 1.69],
  ] as const)('filter %j selects exactly the matching Items', async (filter, matches) => {
    const all = (await clerk.db().getDocList('Item', { fields: ['item_code', 'standard_rate'], limit: 0 } as never)) as Array<{
      item_code: string
      standard_rate: number
    }>
    const rows = await clerk
      .db()
      .getDocList('Item', { fields: ['item_code', 'standard_rate'], filters: [filter as never], limit: 0 } as never)
    const expected = all.filter((row) => matches(row.item_code, row.standard_rate))
    expect(expected.length).toBeGreaterThan(0)
    expect(expected.length).toBeLessThan(all.length)
    expect(rows).toEqual(expect.arrayContaining(expected))
    expect(rows).toHaveLength(expected.length)
  })

  it('filter "is" set / not set', async () => {
    const set = await clerk
      .db()
      .getDocList('Supplier', { fields: ['name'], filters: [['supplier_group', 'is', 'set' as never]], limit: 0 } as never)
    const notSet = await clerk
      .db()
      .getDocList('Supplier', { fields: ['name'], filters: [['supplier_group', 'is', 'not set' as never]], limit: 0 } as never)
    const all = await clerk.db().getDocList('Supplier', { fields: ['name'], limit: 0 } as never)
    expect(set.length + notSet.length).toBe(all.length)
    expect(set.length).toBeGreaterThan(0)
  })

  it('getCount counts with and without filters (frappe.client.get_count)', async () => {
    const all = await clerk.db().getDocList('Supplier', { limit: 0 } as never)
    expect(await clerk.db().getCount('Supplier')).toBe(all.length)
    expect(
      await clerk.db().getCount('Purchase Invoice', [
        ['name', 'in', invoices],
        ['supplier', '=', 'Aldi Süd'],
      ]),
    ).toBe(2)
  })

  it('getValue answers the first match as a dict, or a list with asDict false (frappe.client.get_value)', async () => {
    const byFilter = await clerk.db().getValue('Item', ['item_code', 'stock_uom'], [['item_code', '=', 'DIESEL']])
    expect(byFilter).toEqual({ message: { item_code: 'DIESEL', stock_uom: 'Litre' } })
    const one = await clerk.db().getValue('Supplier', 'default_currency', [['name', '=', 'Aldi Süd']], false)
    expect(one).toEqual({ message: 'EUR' })
    const none = await clerk.db().getValue('Supplier', 'name', [['name', '=', 'No Such Supplier']])
    expect(none).toEqual({ message: {} })
  })

  it('getSingleValue reads System Settings; a DocType that is not Single is refused with 417', async () => {
    const zone = (await clerk.db().getSingleValue('System Settings', 'time_zone')) as { message: string }
    expect(zone.message).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone)
    const notSingle = await sdkError(clerk.db().getSingleValue('Supplier', 'name'))
    expect(notSingle).toMatchObject({ httpStatus: 417, exc_type: 'ValidationError' })
  })

  it('getDoc answers a Purchase Invoice shaped as Frappe’s as_dict(), its items as child rows', async () => {
    const doc = (await clerk.db().getDoc('Purchase Invoice', invoices[0] ?? '')) as Record<string, unknown> & {
      items: Array<Record<string, unknown>>
    }
    expect(doc).toMatchObject({
      name: invoices[0],
      doctype: 'Purchase Invoice',
      docstatus: 0,
      idx: 0,
      owner: CLERK.usr,
      modified_by: CLERK.usr,
      creation: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/),
      modified: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/),
    })
    expect(doc.items).toHaveLength(2)
    doc.items.forEach((row, i) =>
      expect(row).toMatchObject({
        name: expect.any(String),
        doctype: 'Purchase Invoice Item',
        parent: invoices[0],
        parenttype: 'Purchase Invoice',
        parentfield: 'items',
        idx: i + 1,
        docstatus: 0,
      }),
    )
    expect(new Set(doc.items.map((row) => row.name)).size).toBe(2)
  })

  it('getLastDoc answers the newest document matching the filters', async () => {
    const last = await clerk.db().getLastDoc('Purchase Invoice', { filters: [['name', 'in', invoices]] })
    expect(last).toMatchObject({ name: invoices[2], doctype: 'Purchase Invoice', supplier: 'Aldi Süd' })
  })

  it('getDoc answers masters with doctype and the standard fields too', async () => {
    const supplier = await clerk.db().getDoc('Supplier', 'Aldi Süd')
    expect(supplier).toMatchObject({ name: 'Aldi Süd', doctype: 'Supplier', docstatus: 0, idx: 0 })
    expect(Object.keys(supplier)).toEqual(expect.arrayContaining(['owner', 'modified_by', 'creation', 'modified']))
  })
})

describe('frappe-js-sdk: writes and our methods', () => {
  it('call.get and call.post reach the custom_erp methods', async () => {
    const config = (await clerk.call().get(`${API}.get_memory_config`)) as { message: { batch_size: number } }
    expect(config.message.batch_size).toBeGreaterThan(0)
    const created = (await clerk.call().post(`${API}.create_purchase_invoice`, createBody({ expected_items: 3 }))) as { message: Progress }
    const appended = (await clerk.call().post(`${API}.append_invoice_items`, {
      invoice: created.message.name,
      batch_index: 1,
      items: [{ item_code: 'DIESEL', qty: 10, rate: 1.69 }],
    })) as { message: Progress }
    expect(appended.message).toMatchObject({ name: created.message.name, items_received: 3, expected_items: 3 })
  })

  it('uploadFile attaches a file to an invoice', async () => {
    const file = new File([PNG], 'receipt-page.png', { type: 'image/png' })
    const answer = await clerk.file().uploadFile(file, { isPrivate: true, doctype: 'Purchase Invoice', docname: invoices[1] })
    expect(answer.status).toBe(200)
    const stored = (answer.data as { message: { file_url: string } }).message
    expect(stored).toMatchObject({
      file_name: 'receipt-page.png',
      is_private: 1,
      attached_to_doctype: 'Purchase Invoice',
      attached_to_name: invoices[1],
    })
    const bytes = await clerk.axios.get<ArrayBuffer>(stored.file_url, { responseType: 'arraybuffer' })
    expect(Buffer.from(bytes.data).equals(PNG)).toBe(true)
  })

  it('deleteDoc deletes a partly sent invoice: 202 {"data": "ok"} (Frappe v15), though axios sends an empty JSON body', async () => {
    const created = (await clerk.call().post(`${API}.create_purchase_invoice`, createBody({ expected_items: 5 }))) as { message: Progress }
    expect(await clerk.db().deleteDoc('Purchase Invoice', created.message.name)).toEqual({ data: 'ok' })
    const gone = await sdkError(clerk.db().getDoc('Purchase Invoice', created.message.name))
    expect(gone).toMatchObject({ httpStatus: 404, exc_type: 'DoesNotExistError' })
  })

  it('frappe.client writes we do not offer answer 403 PermissionError', async () => {
    const calls: Array<Promise<unknown>> = [
      clerk.db().createDoc('Supplier', { supplier_name: 'New' }),
      clerk.db().updateDoc('Supplier', 'Aldi Süd', { supplier_group: 'X' }),
      clerk.db().setValue('Supplier', 'Aldi Süd', 'supplier_group', 'X'),
      clerk.db().renameDoc('Supplier', 'Aldi Süd', 'Aldi Nord'),
      clerk.db().submit({ doctype: 'Purchase Invoice', name: invoices[0] }),
      clerk.db().cancel('Purchase Invoice', invoices[0] ?? ''),
      clerk.call().post('frappe.client.insert', { doc: { doctype: 'Supplier' } }),
      clerk.call().post('frappe.client.delete', { doctype: 'Supplier', name: 'Aldi Süd' }),
    ]
    for (const call of calls) {
      const error = await sdkError(call)
      expect(error).toMatchObject({
        httpStatus: 403,
        exc_type: 'PermissionError',
        exception: expect.stringMatching(/^frappe\.exceptions\.PermissionError: /),
      })
    }
    expect(await admin.db().getValue('Supplier', 'supplier_group', [['name', '=', 'Aldi Süd']], false)).not.toEqual({ message: 'X' })
  })

  it('errors carry exc_type and exception: 404, 409, 417', async () => {
    const missing = await sdkError(clerk.db().getDoc('Supplier', 'No Such Supplier'))
    expect(missing).toMatchObject({
      httpStatus: 404,
      exc_type: 'DoesNotExistError',
      exception: 'frappe.exceptions.DoesNotExistError: Supplier No Such Supplier not found',
    })
    const duplicate = await sdkError(
      clerk.call().post(`${API}.create_purchase_invoice`, createBody({ supplier: 'Aldi Süd', bill_no: 'SDK-1' })),
    )
    expect(duplicate).toMatchObject({ httpStatus: 409, exc_type: 'DuplicateEntryError' })
    const invalid = await sdkError(clerk.db().getDocList('Item', { filters: [['item_code', 'regexp', '.*' as never] as never] }))
    expect(invalid).toMatchObject({ httpStatus: 417, exc_type: 'ValidationError', exception: expect.stringContaining('regexp') })
    const unknownMethod = await sdkError(clerk.call().get('frappe.client.no_such_method'))
    expect(unknownMethod).toMatchObject({ httpStatus: 404, exc_type: 'DoesNotExistError' })
  })
})
