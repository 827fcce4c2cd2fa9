import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getLoggedUser, login } from '@/api/auth'
import { configureClient } from '@/api/client'
import { FrappeError, NetworkError } from '@/api/errors'
import { listAttachments, resolveFileUrl, uploadFile, type UploadProgress } from '@/api/files'
import { appendInvoiceItems, createPurchaseInvoice, findInvoiceByBillNo, getPurchaseInvoice, listPurchaseInvoices } from '@/api/invoices'
import { getMemoryConfig } from '@/api/memory'
import { searchItems, searchSuppliers } from '@/api/resources'
import { ping } from '@/api/system'
import { DEFAULT_MEMORY_CONFIG, type CreatePurchaseInvoiceRequest, type InvoiceProgress } from '@/types/frappe'
import { deferred, frappeError, installFakeHttp, resetClient, type FakeHttp, type FakeReply } from './fakeHttp'

const API = '/api/method/custom_erp.custom_erp.purchase_invoice.api'
const PROGRESS: InvoiceProgress = {
  name: 'ACC-PINV-2026-00001',
  docstatus: 0,
  status: 'Draft',
  scan_status: 'Receiving',
  items_received: 2,
  expected_items: 4,
  grand_total: 30,
}

let fake: FakeHttp

beforeEach(() => {
  resetClient(configureClient)
  fake = installFakeHttp()
})
afterEach(() => fake.restore())

describe('the envelope', () => {
  it('unwraps {"message": …} of a method', async () => {
    fake.on('GET', `${API}.get_memory_config`, { status: 200, body: { message: DEFAULT_MEMORY_CONFIG } })
    await expect(getMemoryConfig()).resolves.toEqual(DEFAULT_MEMORY_CONFIG)
  })

  it('unwraps {"data": …} of a resource, with the doctype and name encoded in the path', async () => {
    fake.on('GET', '/api/resource/Purchase%20Invoice/ACC-PINV%2F7', { status: 200, body: { data: { name: 'ACC-PINV/7', items: [] } } })
    await expect(getPurchaseInvoice('ACC-PINV/7')).resolves.toEqual({ name: 'ACC-PINV/7', items: [] })
  })

  it('refuses an HTML page answered with 200 (a wrong backend URL) with a clear message', async () => {
    fake.on('GET', '/api/method/ping', { status: 200, body: '<!doctype html><html><body><div id="app"></div></body></html>' })
    const error = await ping().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(FrappeError)
    expect((error as FrappeError).excType).toBe('InvalidResponse')
    expect((error as FrappeError).message).toMatch(/not understood.*backend URL/)
  })

  it('accepts "pong" from ping', async () => {
    fake.on('GET', '/api/method/ping', { status: 200, body: { message: 'pong' } })
    await expect(ping()).resolves.toBe('pong')
  })
})

describe('auth', () => {
  it('posts usr and pwd as JSON to login', async () => {
    fake.on('POST', '/api/method/login', { status: 200, body: { message: 'Logged In', full_name: 'Demo Clerk' } })
    await expect(login('clerk@example.com', 'clerk')).resolves.toEqual({ message: 'Logged In', full_name: 'Demo Clerk' })
    expect(JSON.parse(String(fake.requests[0]?.data))).toEqual({ usr: 'clerk@example.com', pwd: 'clerk' })
  })

  it('refuses a 200 answer that does not confirm the sign-in', async () => {
    fake.on('POST', '/api/method/login', { status: 200, body: { message: 'Something else' } })
    await expect(login('clerk@example.com', 'clerk')).rejects.toMatchObject({ excType: 'AuthenticationError' })
  })

  it('rejects wrong credentials with the server’s message', async () => {
    fake.on('POST', '/api/method/login', { status: 401, body: frappeError('AuthenticationError', 'Invalid login credentials') })
    await expect(login('clerk@example.com', 'nope')).rejects.toMatchObject({
      excType: 'AuthenticationError',
      messages: ['Invalid login credentials'],
    })
  })

  it('answers the logged-in user’s name', async () => {
    fake.on('GET', '/api/method/frappe.auth.get_logged_user', { status: 200, body: { message: 'clerk@example.com' } })
    await expect(getLoggedUser()).resolves.toBe('clerk@example.com')
  })
})

describe('invoices', () => {
  const request: CreatePurchaseInvoiceRequest = {
    client_request_id: 'c0ffee',
    supplier: 'ACME',
    bill_no: '4711',
    bill_date: '2026-01-31',
    expected_items: 4,
    items: [{ item_code: 'PAPER', qty: 2, rate: 15 }],
  }

  it('posts create_purchase_invoice as JSON and answers the progress', async () => {
    fake.on('POST', `${API}.create_purchase_invoice`, { status: 200, body: { message: PROGRESS } })
    await expect(createPurchaseInvoice(request)).resolves.toEqual(PROGRESS)
    expect(JSON.parse(String(fake.requests[0]?.data))).toEqual(request)
  })

  it('posts append_invoice_items', async () => {
    fake.on('POST', `${API}.append_invoice_items`, {
      status: 200,
      body: { message: { ...PROGRESS, items_received: 4, scan_status: 'Complete' } },
    })
    const answer = await appendInvoiceItems({ invoice: PROGRESS.name, batch_index: 1, items: [{ item_code: 'INK', qty: 1, rate: 0 }] })
    expect(answer.scan_status).toBe('Complete')
  })

  it('lists Purchase Invoices with JSON-encoded fields and filters, newest first', async () => {
    fake.on('GET', '/api/resource/Purchase%20Invoice', { status: 200, body: { data: [{ name: 'ACC-PINV-2026-00001' }] } })
    await listPurchaseInvoices({ filters: [['supplier', '=', 'ACME']], limit_start: 20 })
    const { params } = fake.requests[0]!
    expect(JSON.parse(String(params.fields))).toContain('bill_no')
    expect(JSON.parse(String(params.filters))).toEqual([['supplier', '=', 'ACME']])
    expect(params).toMatchObject({ order_by: 'modified desc', limit_start: '20', limit_page_length: '20' })
  })

  it('finds an invoice by supplier and bill number, or answers null', async () => {
    let rows: unknown[] = []
    fake.on('GET', '/api/resource/Purchase%20Invoice', () => ({ status: 200, body: { data: rows } }))
    await expect(findInvoiceByBillNo('ACME', '4711')).resolves.toBeNull()
    rows = [{ name: 'ACC-PINV-2026-00003', supplier: 'ACME', bill_no: '4711' }]
    await expect(findInvoiceByBillNo('ACME', '4711')).resolves.toMatchObject({ name: 'ACC-PINV-2026-00003' })
    expect(JSON.parse(String(fake.requests[1]?.params.filters))).toEqual([
      ['supplier', '=', 'ACME'],
      ['bill_no', '=', '4711'],
    ])
    expect(fake.requests[1]?.params.limit_page_length).toBe('1')
  })
})

describe('resources', () => {
  it('searches suppliers by name', async () => {
    fake.on('GET', '/api/resource/Supplier', { status: 200, body: { data: [{ name: 'ACME', supplier_name: 'ACME Ltd' }] } })
    await expect(searchSuppliers('  acme ')).resolves.toEqual([{ name: 'ACME', supplier_name: 'ACME Ltd' }])
    expect(JSON.parse(String(fake.requests[0]?.params.filters))).toEqual([['supplier_name', 'like', '%acme%']])
  })

  it('searches items by name, all of them for empty text', async () => {
    fake.on('GET', '/api/resource/Item', { status: 200, body: { data: [] } })
    await searchItems('', { limit: 5 })
    expect(JSON.parse(String(fake.requests[0]?.params.filters))).toEqual([])
    expect(fake.requests[0]?.params.limit_page_length).toBe('5')
  })

  it('rejects a list answer that is not a list', async () => {
    fake.on('GET', '/api/resource/Item', { status: 200, body: { data: { not: 'a list' } } })
    await expect(searchItems('x')).rejects.toMatchObject({ excType: 'InvalidResponse' })
  })
})

describe('files', () => {
  it('uploads multipart form data to upload_file, reporting progress', async () => {
    const file = { name: 'FILE-0001', file_name: 'page-1.jpg', file_url: '/private/files/page-1.jpg' }
    fake.on('POST', '/api/method/upload_file', (request): FakeReply => {
      request.onUploadProgress?.({ loaded: 512, total: 1024 })
      request.onUploadProgress?.({ loaded: 1024, total: 1024 })
      return { status: 200, body: { message: file } }
    })
    const progress: UploadProgress[] = []
    const blob = new Blob([new Uint8Array(1024)], { type: 'image/jpeg' })
    await expect(
      uploadFile(blob, { docname: 'ACC-PINV-2026-00001', fileName: 'page-1.jpg', onProgress: (p) => progress.push(p) }),
    ).resolves.toEqual(file)

    const form = fake.requests[0]?.data
    expect(form).toBeInstanceOf(FormData)
    const sent = form as FormData
    expect(sent.get('doctype')).toBe('Purchase Invoice')
    expect(sent.get('docname')).toBe('ACC-PINV-2026-00001')
    expect(sent.get('is_private')).toBe('1')
    expect(sent.get('file_name')).toBe('page-1.jpg')
    expect((sent.get('file') as File).size).toBe(1024)
    expect(progress.map((p) => p.fraction)).toEqual([0.5, 1])
  })

  it('stops an upload when its signal aborts', async () => {
    const held = deferred<FakeReply>()
    fake.on('POST', '/api/method/upload_file', () => held.promise)
    const controller = new AbortController()
    const upload = uploadFile(new Blob(['x']), { docname: 'ACC-PINV-2026-00001', fileName: 'p.jpg', signal: controller.signal })
    controller.abort()
    const error = await upload.catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(NetworkError)
    expect((error as NetworkError).reason).toBe('aborted')
    held.resolve({ status: 200, body: { message: {} } })
  })

  it('links a file on the configured backend', () => {
    expect(resolveFileUrl('/private/files/page-1.jpg')).toBe('/private/files/page-1.jpg')
    configureClient({ baseUrl: 'https://erp.example.com/' })
    expect(resolveFileUrl('/private/files/page-1.jpg')).toBe('https://erp.example.com/private/files/page-1.jpg')
    expect(resolveFileUrl('https://cdn.example.com/x.jpg')).toBe('https://cdn.example.com/x.jpg')
  })

  it('lists the files attached to an invoice', async () => {
    fake.on('GET', '/api/resource/File', { status: 200, body: { data: [{ name: 'FILE-0001' }] } })
    await expect(listAttachments('ACC-PINV-2026-00001')).resolves.toEqual([{ name: 'FILE-0001' }])
    expect(JSON.parse(String(fake.requests[0]?.params.filters))).toEqual([
      ['attached_to_doctype', '=', 'Purchase Invoice'],
      ['attached_to_name', '=', 'ACC-PINV-2026-00001'],
    ])
    // Oldest first: pages are uploaded in page order.
    expect(fake.requests[0]?.params.order_by).toBe('creation asc')
  })
})
