import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { configureClient, onAuthFailure } from '@/api/client'
import { FrappeError } from '@/api/errors'
import { uploadFile } from '@/api/files'
import { appendInvoiceItems, createPurchaseInvoice, deletePurchaseInvoice, getPurchaseInvoice } from '@/api/invoices'
import { getLoggedUser, login } from '@/api/auth'
import { classifyError } from '@/lib/submission/problems'
import { installFakeHttp, resetClient, type FakeHttp } from './fakeHttp'
import { FIXTURES, recorded, type Recorded } from './recordedAnswers'

// Frappe's own error answers (tests/fixtures/frappe, see its README) through the app's real API layer: what
// the clerk would read, and which path (signed out, refused, retry) the stores take.

const API = '/api/method/custom_erp.custom_erp.purchase_invoice.api'
const INVOICE_PATH = '/api/resource/Purchase%20Invoice/ACC-PINV-2026-00007'

/** Routes `method path` to the recorded answer. */
function answerWith(file: string, method: string, path: string): Recorded {
  const answer = recorded(file)
  fake.on(method, path, { status: answer.status, body: answer.body, headers: answer.headers })
  return answer
}

async function failure(promise: Promise<unknown>): Promise<FrappeError> {
  const caught = await promise.then(
    () => null,
    (error: unknown) => error,
  )
  expect(caught).toBeInstanceOf(FrappeError)
  return caught as FrappeError
}

const ITEMS = [{ item_code: 'PAPER-A4', qty: 1, rate: 4.99 }]

let fake: FakeHttp
let authFailures: number[]
let stopListening: () => void

beforeEach(() => {
  resetClient(configureClient)
  fake = installFakeHttp()
  authFailures = []
  stopListening = onAuthFailure((status) => authFailures.push(status))
})
afterEach(() => {
  stopListening()
  fake.restore()
})

describe('the recorded answers', () => {
  it('are each a status, headers and a body, and say where in Frappe they come from', () => {
    const files = Object.keys(FIXTURES)
    expect(files.length).toBeGreaterThanOrEqual(12)
    for (const file of files) {
      const answer = FIXTURES[file] as Recorded
      expect(answer.about, file).toMatch(/\w+\.py|nginx|custom_erp/)
      expect(answer.status, file).toBeGreaterThanOrEqual(200)
    }
  })
})

describe('an expired session', () => {
  it.each([
    ['session-expired-403.json', 'Frappe v15/v16'],
    ['session-expired-401-develop.json', 'Frappe develop'],
  ])('%s (%s) reads as signed out: a 401 that tells the session, pauses the send and shows no HTML', async (file) => {
    answerWith(file, 'POST', `${API}.append_invoice_items`)
    const error = await failure(appendInvoiceItems({ invoice: 'ACC-PINV-2026-00007', batch_index: 1, items: ITEMS }))
    expect(error).toMatchObject({ excType: 'AuthenticationError', httpStatus: 401, sessionExpired: true, retryable: false })
    expect(error.messages).toEqual(['Your session has expired. Sign in again; nothing waiting on this device is lost.'])
    // The session store's listener hears it, as for any 401, and the submission engine pauses on a 401.
    expect(authFailures).toEqual([401])
    expect(classifyError(error).status).toBe(401)
  })

  it('on a read (get_logged_user) reads the same way, so a reload asks the clerk to sign in', async () => {
    answerWith('session-expired-403.json', 'GET', '/api/method/frappe.auth.get_logged_user')
    const error = await failure(getLoggedUser())
    expect(error).toMatchObject({ httpStatus: 401, sessionExpired: true })
  })

  it('is not what a 403 without session_expired means: that stays a refusal, with Frappe’s HTML made plain text', async () => {
    answerWith('guest-permission-403.json', 'GET', '/api/method/frappe.auth.get_logged_user')
    const error = await failure(getLoggedUser())
    expect(error).toMatchObject({ excType: 'PermissionError', httpStatus: 403, sessionExpired: false })
    expect(error.messages.join(' ')).toContain('You are not permitted to access this resource')
    expect(error.messages.join(' ')).not.toMatch(/<\/?(details|summary|strong)>/)
    // The session store hears the 403 and asks the server who is signed in (tests/unit/stores/session.test.ts).
    expect(authFailures).toEqual([403])
  })
})

describe('discarding a partly sent invoice (DELETE)', () => {
  it('takes Frappe’s 202 {"data": "ok"} as done', async () => {
    answerWith('delete-ok-202.json', 'DELETE', INVOICE_PATH)
    await expect(deletePurchaseInvoice('ACC-PINV-2026-00007')).resolves.toBeUndefined()
  })

  it('reads LinkExistsError (417) as a refusal naming the linked document, in plain text', async () => {
    answerWith('delete-link-exists-417.json', 'DELETE', INVOICE_PATH)
    const error = await failure(deletePurchaseInvoice('ACC-PINV-2026-00007'))
    expect(error).toMatchObject({ excType: 'LinkExistsError', httpStatus: 417, retryable: false })
    expect(error.messages).toEqual([
      'Cannot delete or cancel because Purchase Invoice ACC-PINV-2026-00007 is linked with Payment Entry ACC-PAY-2026-00003 at Row: 1',
    ])
  })

  it('reads a role without delete (403) as a refusal, not as signed out', async () => {
    answerWith('delete-not-permitted-403.json', 'DELETE', INVOICE_PATH)
    const error = await failure(deletePurchaseInvoice('ACC-PINV-2026-00007'))
    expect(error).toMatchObject({ excType: 'PermissionError', httpStatus: 403, sessionExpired: false })
    expect(error.messages).toEqual(['User not allowed to delete Purchase Invoice: ACC-PINV-2026-00007'])
    expect(authFailures).toEqual([403])
  })

  it('tells "already complete" from a refusal by the invoice’s scan_status, not by ERPNext’s status', async () => {
    answerWith('delete-complete-417.json', 'DELETE', '/api/resource/Purchase%20Invoice/ACC-PINV-2026-00008')
    const refusal = await failure(deletePurchaseInvoice('ACC-PINV-2026-00008'))
    expect(refusal).toMatchObject({ excType: 'ValidationError', httpStatus: 417 })
    fake.on('GET', '/api/resource/Purchase%20Invoice/ACC-PINV-2026-00008', {
      status: 200,
      body: {
        data: {
          name: 'ACC-PINV-2026-00008',
          docstatus: 0,
          status: 'Draft',
          scan_status: 'Complete',
          items_received: 3,
          expected_items: 3,
          items: [],
        },
      },
    })
    const invoice = await getPurchaseInvoice('ACC-PINV-2026-00008')
    expect(invoice.status).toBe('Draft')
    expect(invoice.scan_status).toBe('Complete')
  })

  it('takes a missing invoice (404) as DoesNotExistError', async () => {
    answerWith('does-not-exist-404.json', 'DELETE', INVOICE_PATH)
    const error = await failure(deletePurchaseInvoice('ACC-PINV-2026-00007'))
    expect(error).toMatchObject({ excType: 'DoesNotExistError', httpStatus: 404 })
  })
})

describe('the custom methods’ and Frappe’s other refusals', () => {
  const CREATE = {
    client_request_id: 'b4c1e7e2',
    supplier: 'Aldi Süd',
    bill_no: '0815-2026',
    bill_date: '2026-03-02',
    expected_items: 1,
    items: ITEMS,
  }

  it('a duplicate bill number names the existing invoice', async () => {
    answerWith('duplicate-bill-409.json', 'POST', `${API}.create_purchase_invoice`)
    const error = await failure(createPurchaseInvoice(CREATE))
    expect(error).toMatchObject({ excType: 'DuplicateEntryError', httpStatus: 409, existing: 'ACC-PINV-2026-00042' })
  })

  it('more than 500 items is a 417 that is not retried', async () => {
    answerWith('too-many-items-417.json', 'POST', `${API}.append_invoice_items`)
    const error = await failure(appendInvoiceItems({ invoice: 'ACC-PINV-2026-00007', batch_index: 1, items: ITEMS }))
    expect(error).toMatchObject({ excType: 'ValidationError', httpStatus: 417, retryable: false })
    expect(error.messages).toEqual(['A batch holds at most 500 items; this one has 501'])
  })

  it('memory pressure is retried after Retry-After', async () => {
    answerWith('memory-pressure-503.json', 'POST', `${API}.append_invoice_items`)
    const error = await failure(appendInvoiceItems({ invoice: 'ACC-PINV-2026-00007', batch_index: 1, items: ITEMS }))
    expect(error).toMatchObject({ excType: 'MemoryPressureError', httpStatus: 503, retryable: true, retryAfter: 30 })
  })

  it('a missing CSRF token says to reload', async () => {
    answerWith('csrf-400.json', 'POST', `${API}.create_purchase_invoice`)
    const error = await failure(createPurchaseInvoice(CREATE))
    expect(error).toMatchObject({ excType: 'CSRFTokenError', httpStatus: 400, messages: ['Invalid Request'] })
  })

  it('a failed login reads Frappe’s message (no _server_messages) and never the traceback', async () => {
    answerWith('login-failed-401.json', 'POST', '/api/method/login')
    const error = await failure(login('clerk@example.com', 'wrong'))
    expect(error).toMatchObject({ excType: 'AuthenticationError', httpStatus: 401, messages: ['Invalid login credentials'] })
    expect(error.message).not.toContain('Traceback')
  })

  it('nginx’s 413 HTML page on an upload becomes RequestEntityTooLarge with a readable message', async () => {
    answerWith('upload-too-large-413.json', 'POST', '/api/method/upload_file')
    const error = await failure(
      uploadFile(new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: 'image/jpeg' }), {
        doctype: 'Purchase Invoice',
        docname: 'ACC-PINV-2026-00007',
        fileName: 'page.jpg',
      }),
    )
    expect(error).toMatchObject({ excType: 'RequestEntityTooLarge', httpStatus: 413, retryable: false })
    expect(error.messages).toEqual(['The upload is too large for the server to accept.'])
  })
})
