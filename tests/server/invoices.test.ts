import { describe, expect, it } from 'vitest'
import type { InvoiceProgress, PurchaseInvoice } from '../../src/types/frappe'
import { METHOD, TestClient, messageText, serverMessages } from './support/client'
import { createBody, makeItems, requestId } from './support/invoices'
import type { TestServer } from './support/server'
import { useSignedInClerk } from './support/signedIn'

let server: TestServer
let clerk: TestClient
useSignedInClerk((session) => void ({ server, clerk } = session))

type Progress = { message: InvoiceProgress }
const create = (body: Record<string, unknown>) => clerk.post<Progress>(`${METHOD}.create_purchase_invoice`, body)
const append = (body: Record<string, unknown>) => clerk.post<Progress>(`${METHOD}.append_invoice_items`, body)
const fetchInvoice = async (name: string) =>
  (await clerk.get<{ data: PurchaseInvoice }>(`/api/resource/Purchase Invoice/${encodeURIComponent(name)}`)).body.data
const countInvoices = async () =>
  (await clerk.get<{ data: unknown[] }>('/api/resource/Purchase Invoice?limit_page_length=0')).body.data.length

describe('create_purchase_invoice', () => {
  it('creates a draft ACC-PINV-YYYY-NNNNN with the first batch and the server’s own amounts', async () => {
    const answer = await create(
      createBody({
        expected_items: 3,
        items: [
          { item_code: 'PAPER-A4', qty: 3, rate: 4.99, amount: 1_000_000 },
          { item_code: 'MILK-1L', qty: 12, rate: 1.09, uom: 'Litre', warehouse: 'Stores - SC' },
        ],
      }),
    )
    expect(answer.status).toBe(200)
    expect(answer.body.message).toEqual({
      name: expect.stringMatching(/^ACC-PINV-2026-\d{5}$/),
      docstatus: 0,
      status: 'Draft',
      scan_status: 'Receiving',
      items_received: 2,
      expected_items: 3,
      grand_total: 28.05,
    })
    const doc = await fetchInvoice(answer.body.message.name)
    expect(doc.items.map((i) => i.amount)).toEqual([14.97, 13.08])
    expect(doc.items[1]).toMatchObject({ uom: 'Litre', warehouse: 'Stores - SC' })
    expect(doc.currency).toBe('EUR')
  })

  it('numbers invoices one after the other and takes the supplier’s currency unless told', async () => {
    const a = await create(createBody({ supplier: 'Tesco Stores' }))
    const b = await create(createBody({ supplier: 'Amazon Web Services', currency: 'EUR' }))
    const number = (name: string) => Number(name.slice(-5))
    expect(number(b.body.message.name)).toBe(number(a.body.message.name) + 1)
    expect((await fetchInvoice(a.body.message.name)).currency).toBe('GBP')
    expect((await fetchInvoice(b.body.message.name)).currency).toBe('EUR')
  })

  it('answers a retry with the same client_request_id with the same invoice, never a second one', async () => {
    const body = createBody()
    const first = await create(body)
    const before = await countInvoices()
    const again = await create(body)
    expect(again.status).toBe(200)
    expect(again.body.message).toEqual(first.body.message)
    expect(await countInvoices()).toBe(before)
  })

  it('refuses the same client_request_id with different items (409, naming the invoice)', async () => {
    const body = createBody()
    const first = await create(body)
    const changed = await create({ ...body, items: [{ item_code: 'PAPER-A4', qty: 99, rate: 1 }] })
    expect(changed.status).toBe(409)
    expect(changed.body).toMatchObject({ exc_type: 'DuplicateEntryError', existing: first.body.message.name })
  })

  it('refuses another invoice with the same supplier and bill_no with 409 naming the existing one', async () => {
    const first = await create(createBody({ bill_no: 'DUP-1' }))
    const before = await countInvoices()
    const second = await create(createBody({ bill_no: 'DUP-1' }))
    expect(second.status).toBe(409)
    expect(second.body).toMatchObject({ exc_type: 'DuplicateEntryError', existing: first.body.message.name })
    expect(messageText(second.body)).toContain(first.body.message.name)
    expect(await countInvoices()).toBe(before)
    // The same bill number from another supplier is a different invoice.
    expect((await create(createBody({ bill_no: 'DUP-1', supplier: 'Rossmann' }))).status).toBe(200)
  })

  it('posts today (server time) when no posting_date is sent, and refuses a bill dated tomorrow', async () => {
    const day = (offset: number) => {
      const d = new Date()
      d.setDate(d.getDate() + offset)
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
    }
    const today = await create(createBody({ bill_date: day(0), posting_date: undefined }))
    expect(today.status).toBe(200)
    expect((await fetchInvoice(today.body.message.name)).posting_date).toBe(day(0))
    const tomorrow = await create(createBody({ bill_date: day(1), posting_date: undefined }))
    expect(tomorrow.status).toBe(417)
  })

  it('refuses a bill_date after the posting_date, as ERPNext does', async () => {
    const answer = await create(createBody({ bill_date: '2026-03-06', posting_date: '2026-03-05' }))
    expect(answer.status).toBe(417)
    expect(messageText(answer.body)).toBe('Supplier Invoice Date (2026-03-06) cannot be after Posting Date (2026-03-05)')
  })

  it.each([
    ['a missing supplier', { supplier: undefined }, 'MandatoryError', /^supplier is required$/],
    ['an unknown supplier', { supplier: 'Nobody GmbH' }, 'ValidationError', /^Supplier Nobody GmbH does not exist$/],
    ['a missing bill_no', { bill_no: '' }, 'MandatoryError', /bill_no is required/],
    ['a date that does not exist', { bill_date: '2026-02-30' }, 'ValidationError', /bill_date is not a real date: 2026-02-30/],
    ['a date in another format', { bill_date: '02.03.2026' }, 'ValidationError', /bill_date must be a date like/],
    ['expected_items of 0', { expected_items: 0 }, 'ValidationError', /expected_items must be between 1 and 10000/],
    ['expected_items as text', { expected_items: '2' }, 'ValidationError', /expected_items must be a whole number/],
    ['more items than expected', { expected_items: 1 }, 'ValidationError', /first batch has 2 items but expected_items is 1/],
    ['a currency that is not a code', { currency: 'euro' }, 'ValidationError', /currency must be a 3-letter ISO code/],
    ['items that are not a list', { items: 'PAPER-A4' }, 'ValidationError', /items must be a list/],
    [
      'a bill_no of megabytes',
      { bill_no: 'x'.repeat(1_000_000) },
      'ValidationError',
      /bill_no is too long \(1000000 characters, at most 140\)/,
    ],
    ['an object as supplier', { supplier: { $ne: null } }, 'ValidationError', /supplier must be text/],
  ])('refuses %s with 417 and stores nothing', async (_label, overrides, excType, message) => {
    const before = await countInvoices()
    const answer = await create(createBody(overrides))
    expect(answer.status).toBe(417)
    expect(answer.body).toMatchObject({ exc_type: excType })
    expect(messageText(answer.body)).toMatch(message)
    expect(await countInvoices()).toBe(before)
  })

  it('reports every bad row by number: unknown item, zero or negative qty, NaN-like and infinite numbers', async () => {
    const body = JSON.stringify(
      createBody({
        expected_items: 6,
        items: [
          { item_code: 'PAPER-A4', qty: 1, rate: 1 },
          { item_code: 'NO-SUCH-ITEM', qty: 1, rate: 1 },
          { item_code: 'PAPER-A4', qty: 0, rate: 1 },
          { item_code: 'PAPER-A4', qty: -2, rate: 1 },
          { item_code: 'PAPER-A4', qty: 'NaN', rate: 1 },
          { item_code: 'PAPER-A4', qty: 1, rate: 'INF' },
        ],
      }),
    ).replace('"INF"', '1e999') // JSON has no Infinity, but 1e999 parses to it.
    const before = await countInvoices()
    const answer = await clerk.post(`${METHOD}.create_purchase_invoice`, body, { headers: { 'content-type': 'application/json' } })
    expect(answer.status).toBe(417)
    expect(serverMessages(answer.body).map((m) => m.message)).toEqual([
      'Row 2: Item NO-SUCH-ITEM does not exist',
      'Row 3: qty must be greater than 0',
      'Row 4: qty must be greater than 0',
      'Row 5: qty must be a finite number',
      'Row 6: rate must be a finite number',
    ])
    expect(await countInvoices()).toBe(before)
  })

  it('stores SQL and HTML in text fields as plain text, verbatim', async () => {
    const billNo = "'); DROP TABLE purchase_invoice; --"
    const description = '<img src=x onerror=alert(1)><script>alert(2)</script>'
    const answer = await create(
      createBody({ bill_no: billNo, items: [{ item_code: 'PAPER-A4', qty: 1, rate: 1, description }], expected_items: 1 }),
    )
    expect(answer.status).toBe(200)
    const doc = await fetchInvoice(answer.body.message.name)
    expect(doc.bill_no).toBe(billNo)
    expect(doc.items[0]?.description).toBe(description)
    expect(await countInvoices()).toBeGreaterThan(1)
  })

  it('refuses a first batch larger than 500 items', async () => {
    const answer = await create(createBody({ expected_items: 501, items: makeItems(501) }))
    expect(answer.status).toBe(417)
    expect(messageText(answer.body)).toMatch(/A batch holds at most 500 items; this one has 501/)
  })

  it('is POST only: GET answers 403 PermissionError', async () => {
    const answer = await clerk.get(`${METHOD}.create_purchase_invoice?supplier=Aldi%20S%C3%BCd`)
    expect(answer.status).toBe(403)
    expect(answer.body).toMatchObject({ exc_type: 'PermissionError' })
  })

  // A Guest: 403, as frappe/__init__.py `is_whitelisted` refuses it on a bench.
  it('needs a signed-in user (403 for a guest) and, for a cookie session, the CSRF token (400)', async () => {
    expect((await new TestClient(server.url).post(`${METHOD}.create_purchase_invoice`, createBody())).status).toBe(403)
    const before = await countInvoices()
    const noCsrf = await clerk.post(`${METHOD}.create_purchase_invoice`, createBody(), { csrf: false })
    expect(noCsrf.status).toBe(400)
    expect(noCsrf.body).toMatchObject({ exc_type: 'CSRFTokenError' })
    expect(await countInvoices()).toBe(before)
  })
})

describe('append_invoice_items', () => {
  async function started(expected: number, firstBatch = 2) {
    const answer = await create(createBody({ expected_items: expected, items: makeItems(firstBatch) }))
    expect(answer.status).toBe(200)
    return answer.body.message.name
  }

  it('adds batches in order until Complete, numbering rows across batches', async () => {
    const name = await started(5)
    const second = await append({ invoice: name, batch_index: 1, items: makeItems(2, 3) })
    expect(second.body.message).toMatchObject({ status: 'Draft', scan_status: 'Receiving', items_received: 4 })
    const third = await append({ invoice: name, batch_index: 2, items: makeItems(1, 5) })
    expect(third.body.message).toMatchObject({ scan_status: 'Complete', items_received: 5, expected_items: 5 })
    const doc = await fetchInvoice(name)
    expect(doc.items.map((i) => i.idx)).toEqual([1, 2, 3, 4, 5])
    expect(doc.items.map((i) => i.rate)).toEqual([0.01, 0.02, 0.03, 0.04, 0.05])
  })

  it('answers the same batch again with the current state and changes nothing', async () => {
    const name = await started(6)
    const batch = { invoice: name, batch_index: 1, items: makeItems(2, 3) }
    const first = await append(batch)
    const again = await append(batch)
    expect(again.status).toBe(200)
    expect(again.body.message).toEqual(first.body.message)
    expect((await fetchInvoice(name)).items).toHaveLength(4)
    // Batch 0 (sent with create) replayed through append is also recognised.
    expect((await append({ invoice: name, batch_index: 0, items: makeItems(2) })).status).toBe(200)
  })

  it('refuses a different payload for a stored batch_index with 409', async () => {
    const name = await started(6)
    await append({ invoice: name, batch_index: 1, items: makeItems(2, 3) })
    const changed = await append({ invoice: name, batch_index: 1, items: makeItems(2, 10) })
    expect(changed.status).toBe(409)
    expect(changed.body).toMatchObject({ exc_type: 'DuplicateEntryError' })
    expect(messageText(changed.body)).toBe(`Batch 1 of ${name} was already stored with different items`)
  })

  it('refuses more items than expected, and appending to a Complete invoice, with 417', async () => {
    const name = await started(3)
    const tooMany = await append({ invoice: name, batch_index: 1, items: makeItems(2, 3) })
    expect(tooMany.status).toBe(417)
    expect(messageText(tooMany.body)).toMatch(/expects 3 items and has 2; this batch of 2 would exceed that/)
    await append({ invoice: name, batch_index: 1, items: makeItems(1, 3) })
    const afterComplete = await append({ invoice: name, batch_index: 2, items: makeItems(1, 4) })
    expect(afterComplete.status).toBe(417)
    expect(messageText(afterComplete.body)).toMatch(/already Complete with all 3 items/)
    expect((await fetchInvoice(name)).items).toHaveLength(3)
  })

  it('refuses a batch that skips ahead, and a batch larger than 500 items', async () => {
    const name = await started(1000)
    const skipped = await append({ invoice: name, batch_index: 2, items: makeItems(1) })
    expect(skipped.status).toBe(417)
    expect(messageText(skipped.body)).toMatch(/batch 1 is the next one expected/)
    const huge = await append({ invoice: name, batch_index: 1, items: makeItems(501) })
    expect(huge.status).toBe(417)
    expect(messageText(huge.body)).toMatch(/at most 500 items/)
  })

  it('answers an unknown invoice with 404 and a bad row with 417, storing nothing', async () => {
    const missing = await append({ invoice: 'ACC-PINV-2026-99999', batch_index: 1, items: makeItems(1) })
    expect(missing.status).toBe(404)
    const name = await started(10)
    const bad = await append({ invoice: name, batch_index: 1, items: [...makeItems(3, 3), { item_code: 'PAPER-A4', qty: 1, rate: -1 }] })
    expect(bad.status).toBe(417)
    expect(messageText(bad.body)).toBe('Row 6: rate must be at least 0')
    expect((await fetchInvoice(name)).items_received).toBe(2)
  })

  it('stores a 1,000-item invoice sent in 20 batches exactly once, across a restart and retried batches', async () => {
    const all = makeItems(1000)
    const first = await create(createBody({ client_request_id: requestId(), expected_items: 1000, items: all.slice(0, 50) }))
    const name = first.body.message.name
    for (let batch = 1; batch < 20; batch++) {
      const body = { invoice: name, batch_index: batch, items: all.slice(batch * 50, batch * 50 + 50) }
      const answer = await append(body)
      expect(answer.status, `batch ${batch}`).toBe(200)
      // A client that lost the answer sends the batch again.
      if (batch % 5 === 0) expect((await append(body)).body.message.items_received).toBe((batch + 1) * 50)
      if (batch === 10) {
        await server.restart()
        clerk.baseUrl = server.url
      }
    }
    const doc = await fetchInvoice(name)
    expect(doc.status).toBe('Draft')
    expect(doc.scan_status).toBe('Complete')
    expect(doc.items).toHaveLength(1000)
    expect(doc.items.map((i) => i.idx)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1))
    expect(doc.items.map((i) => i.rate)).toEqual(all.map((i) => i.rate))
    const expectedCents = all.reduce((sum, i) => sum + Math.round(i.qty * i.rate * 100), 0)
    expect(doc.grand_total).toBe(expectedCents / 100)
    const list = await clerk.get<{ data: unknown[] }>(
      `/api/resource/Purchase Invoice?filters=${encodeURIComponent(JSON.stringify([['bill_no', '=', doc.bill_no]]))}`,
    )
    expect(list.body.data).toHaveLength(1)
  })

  it('stores two full 500-item batches (ten chunks each) in order', async () => {
    const all = makeItems(1000)
    const created = await create(createBody({ expected_items: 1000, items: all.slice(0, 500) }))
    expect(created.body.message.items_received).toBe(500)
    const appended = await append({ invoice: created.body.message.name, batch_index: 1, items: all.slice(500) })
    expect(appended.body.message).toMatchObject({ scan_status: 'Complete', items_received: 1000 })
    const doc = await fetchInvoice(created.body.message.name)
    expect(doc.items.map((i) => i.rate)).toEqual(all.map((i) => i.rate))
  })
})

describe('concurrent retries', () => {
  it('creates one invoice when the same create arrives five times at once', async () => {
    const body = createBody()
    const before = await countInvoices()
    const answers = await Promise.all(Array.from({ length: 5 }, () => create(body)))
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200])
    expect(new Set(answers.map((a) => a.body.message.name)).size).toBe(1)
    expect(await countInvoices()).toBe(before + 1)
  })

  it('stores a batch once when it arrives five times at once', async () => {
    const created = await create(createBody({ expected_items: 10, items: makeItems(5) }))
    const batch = { invoice: created.body.message.name, batch_index: 1, items: makeItems(5, 6) }
    const answers = await Promise.all(Array.from({ length: 5 }, () => append(batch)))
    expect(answers.map((a) => a.body.message.items_received)).toEqual([10, 10, 10, 10, 10])
    expect((await fetchInvoice(created.body.message.name)).items).toHaveLength(10)
  })
})
