import { Window } from 'happy-dom'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { login } from '@/api/auth'
import { configureClient, sendRequest, setTransport, type HttpResponse } from '@/api/client'
import { FrappeError } from '@/api/errors'
import { uploadFile } from '@/api/files'
import {
  appendInvoiceItems,
  createPurchaseInvoice,
  deletePurchaseInvoice,
  findInvoiceByClientRequestId,
  getPurchaseInvoice,
} from '@/api/invoices'
import type { AppendInvoiceItemsRequest, CreatePurchaseInvoiceRequest } from '@/types/frappe'
import { LOGIN_LIMITS } from '../../server/src/domain/loginThrottle'
import { frappeError, installFakeHttp, routeFrappeSession, SESSION_INFO_PATH, type FakeHttp } from '../unit/api/fakeHttp'
import { FakeBackend, tooManyRequests } from '../unit/lib/submission/fakeBackend'
import { CLERK } from './support/client'
import { makeItems, requestId } from './support/invoices'
import { startTestServer, type TestServer } from './support/server'

// The fakes the unit tests run against (tests/unit/api/fakeHttp.ts's session routes and
// tests/unit/lib/submission/fakeBackend.ts) are sent the same requests as the real embedded server, and
// their answers are compared by shape: status, keys and value types, exc_type, `existing` — never names,
// timestamps or amounts. A fake that drifts from the server fails here instead of passing unit tests that
// the app would fail against the real thing.

/** Keys and value types of an answer, with `_server_messages` decoded (a JSON list of JSON strings). */
function shape(value: unknown, key = ''): unknown {
  if (key === '_server_messages' && typeof value === 'string')
    return shape((JSON.parse(value) as string[]).map((entry) => JSON.parse(entry) as unknown))
  if (value === null) return 'null'
  if (Array.isArray(value)) return value.length ? [shape(value[0])] : []
  if (typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, shape((value as Record<string, unknown>)[k], k)]),
    )
  return typeof value
}

/** What a caller of src/api can tell about an answer: a value's shape, or the FrappeError's typed fields. */
async function outcome(call: () => Promise<unknown>): Promise<unknown> {
  try {
    return { ok: shape(await call()) }
  } catch (caught) {
    if (!(caught instanceof FrappeError)) throw caught
    return {
      error: {
        excType: caught.excType,
        httpStatus: caught.httpStatus,
        retryable: caught.retryable,
        existing: typeof caught.existing,
        retryAfter: caught.retryAfter === null ? 'null' : typeof caught.retryAfter,
      },
    }
  }
}

/** A request that is sent as is (no envelope unwrapping), so the fake's raw routes can be compared. */
interface RawRequest {
  method: 'GET' | 'POST'
  url: string
  data?: unknown
}

/** Sent through the app's client, which answers every status as it came (the envelope is what judges it). */
const rawRequest = (request: RawRequest): Promise<HttpResponse> => sendRequest(request)
const rawShape = (answer: HttpResponse) => ({
  status: answer.status,
  body: shape(answer.data),
  retryAfter: answer.headers.get('retry-after') === null ? 'absent' : 'present',
})

let server: TestServer
/** The real server's cookies: Node's fetch keeps none, a browser would. */
let cookies = ''

beforeAll(async () => {
  // src/api/plainText.ts reads error messages with the browser's DOMParser; Node has none.
  globalThis.DOMParser ??= new Window().DOMParser as unknown as typeof DOMParser
  server = await startTestServer()
})
afterAll(async () => {
  configureClient({ baseUrl: '', csrfToken: '' })
  await server?.stop()
})

/** Points the app's client at the real server, through its real transport, keeping session cookies as the browser does. */
async function toRealServer<T>(work: () => Promise<T>): Promise<T> {
  configureClient({ baseUrl: server.url })
  const restore = setTransport(async (request, real) => {
    if (cookies) request.headers.set('Cookie', cookies)
    const response = await real(request)
    const set = response.headers.getSetCookie()
    if (set.length) {
      const jar = new Map(cookies ? cookies.split('; ').map((pair) => pair.split('=') as [string, string]) : [])
      for (const line of set) {
        const [pair = ''] = line.split(';')
        const eq = pair.indexOf('=')
        jar.set(pair.slice(0, eq), pair.slice(eq + 1))
      }
      cookies = [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
    }
    return response
  })
  try {
    return await work()
  } finally {
    restore()
  }
}

/** Points the app's client at the fake routes (the unit tests' transport). */
async function toFakeHttp<T>(work: (fake: FakeHttp) => Promise<T>): Promise<T> {
  configureClient({ baseUrl: '' })
  const fake = installFakeHttp()
  try {
    return await work(fake)
  } finally {
    fake.restore()
  }
}

describe('fakeHttp’s Frappe session routes answer as the real server does', () => {
  const script: RawRequest[] = [
    { method: 'GET', url: '/api/method/frappe.auth.get_logged_user' },
    { method: 'GET', url: SESSION_INFO_PATH },
    { method: 'POST', url: '/api/method/login', data: { usr: CLERK.usr, pwd: 'wrong password' } },
    { method: 'POST', url: '/api/method/login', data: { usr: CLERK.usr, pwd: CLERK.pwd } },
    { method: 'GET', url: '/api/method/frappe.auth.get_logged_user' },
    { method: 'GET', url: SESSION_INFO_PATH },
    { method: 'GET', url: '/api/method/logout' },
    { method: 'GET', url: '/api/method/frappe.auth.get_logged_user' },
  ]

  it('signed out, wrong password, signed in, session info, signed out again', async () => {
    const real = await toRealServer(async () => {
      const answers = []
      for (const request of script) answers.push(rawShape(await rawRequest(request)))
      return answers
    })
    cookies = ''
    const fake = await toFakeHttp(async (fakeHttp) => {
      routeFrappeSession(fakeHttp)
      const answers = []
      for (const request of script) answers.push(rawShape(await rawRequest(request)))
      return answers
    })
    // A sanity check that the script did what it says on the real server, so equal shapes mean something.
    // A Guest (before sign-in, after logout) is refused with 403 as frappe/__init__.py `is_whitelisted` does;
    // a wrong password is 401 (frappe/auth.py `LoginManager.authenticate`).
    expect(real.map((answer) => answer.status)).toEqual([403, 403, 401, 200, 200, 200, 200, 403])
    expect(fake).toEqual(real)
  })
})

describe('FakeBackend answers the submission calls as the real server does through src/api', () => {
  /** The calls the submission engine and the discard code make; the real ones are src/api's functions. */
  interface Backend {
    create: (req: CreatePurchaseInvoiceRequest) => Promise<{ name: string }>
    append: (req: AppendInvoiceItemsRequest) => Promise<unknown>
    upload: (blob: Blob, docname: string, fileName: string) => Promise<{ name: string }>
    find: (clientRequestId: string) => Promise<unknown>
    get: (name: string) => Promise<unknown>
    remove: (name: string) => Promise<unknown>
  }

  const real: Backend = {
    create: (req) => createPurchaseInvoice(req),
    append: (req) => appendInvoiceItems(req),
    upload: (blob, docname, fileName) => uploadFile(blob, { docname, fileName }),
    find: (id) => findInvoiceByClientRequestId(id),
    get: (name) => getPurchaseInvoice(name),
    remove: (name) => deletePurchaseInvoice(name),
  }

  function fakeBackend(): Backend {
    const fake = new FakeBackend()
    fake.knownItems = new Set(['PAPER-A4', 'PEN-BLUE', 'COFFEE-BEANS', 'BATTERY-AA', 'MILK-1L'])
    return {
      create: (req) => fake.createPurchaseInvoice(req),
      append: (req) => fake.appendInvoiceItems(req),
      upload: (blob, docname, fileName) => fake.uploadFile(blob, { docname, fileName }),
      find: (id) => fake.findInvoiceByClientRequestId(id),
      get: (name) => fake.getPurchaseInvoice(name),
      remove: (name) => fake.deletePurchaseInvoice(name),
    }
  }

  /**
   * One clerk's session of calls; each step's outcome is recorded by name. `full` steps must match exactly;
   * `partial` steps (lists and documents, where the real server answers many more columns than the
   * engine reads) must answer at least the fake's keys with the same types.
   */
  async function scenario(backend: Backend): Promise<{ full: Record<string, unknown>; partial: Record<string, unknown> }> {
    const full: Record<string, unknown> = {}
    const partial: Record<string, unknown> = {}
    const billNo = `BILL-${requestId()}`
    const first: CreatePurchaseInvoiceRequest = {
      client_request_id: requestId(),
      supplier: 'Aldi Süd',
      bill_no: billNo,
      bill_date: '2026-03-02',
      posting_date: '2026-03-05',
      expected_items: 4,
      items: makeItems(2),
    }
    const created = await backend.create(first)
    full.create = await outcome(async () => created)
    full.createAgain = await outcome(() => backend.create(first))
    full.duplicateBillNo = await outcome(() => backend.create({ ...first, client_request_id: requestId() }))
    full.billDateAfterPosting = await outcome(() =>
      backend.create({ ...first, client_request_id: requestId(), bill_no: `${billNo}-2`, bill_date: '2026-03-09' }),
    )
    full.unknownItem = await outcome(() =>
      backend.create({
        ...first,
        client_request_id: requestId(),
        bill_no: `${billNo}-3`,
        items: [{ item_code: 'NO-SUCH-ITEM', qty: 1, rate: 1 }],
      }),
    )
    const batch1: AppendInvoiceItemsRequest = { invoice: created.name, batch_index: 1, items: makeItems(1, 3) }
    full.append = await outcome(() => backend.append(batch1))
    full.appendAgain = await outcome(() => backend.append(batch1))
    full.appendOtherLines = await outcome(() => backend.append({ ...batch1, items: makeItems(1, 4) }))
    full.appendTooMany = await outcome(() => backend.append({ invoice: created.name, batch_index: 2, items: makeItems(3, 5) }))
    full.appendUnknownInvoice = await outcome(() => backend.append({ ...batch1, invoice: 'ACC-PINV-2026-99999' }))
    const page = new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), 'jpeg bytes of one page'], { type: 'image/jpeg' })
    const file = await backend.upload(page, created.name, 'page-1.jpg')
    full.upload = await outcome(async () => file)
    const again = await backend.upload(page, created.name, 'page-1.jpg')
    full.uploadSameBytesIsTheSameFile = again.name === file.name
    full.uploadUnknownInvoice = await outcome(() => backend.upload(page, 'ACC-PINV-2026-99999', 'page-1.jpg'))
    partial.find = await outcome(() => backend.find(first.client_request_id))
    full.findNothing = await outcome(() => backend.find(requestId()))
    partial.get = await outcome(() => backend.get(created.name))
    full.getUnknown = await outcome(() => backend.get('ACC-PINV-2026-99999'))
    full.deleteReceiving = await outcome(() => backend.remove(created.name))
    full.deleteGone = await outcome(() => backend.remove(created.name))
    const complete = await backend.create({ ...first, client_request_id: requestId(), bill_no: `${billNo}-4`, expected_items: 2 })
    full.deleteComplete = await outcome(() => backend.remove(complete.name))
    return { full, partial }
  }

  /** `actual` has every key of `wanted` (recursively) with the same type. */
  function expectCovers(actual: unknown, wanted: unknown, path: string): void {
    if (wanted && typeof wanted === 'object' && !Array.isArray(wanted)) {
      expect(actual, path).toBeTypeOf('object')
      for (const [key, value] of Object.entries(wanted)) expectCovers((actual as Record<string, unknown>)[key], value, `${path}.${key}`)
    } else expect(actual, path).toEqual(wanted)
  }

  it('create, retry, refusals, append, upload, list, get and delete', async () => {
    const fromServer = await toRealServer(async () => {
      cookies = ''
      const answer = await rawRequest({ method: 'POST', url: '/api/method/login', data: { usr: CLERK.usr, pwd: CLERK.pwd } })
      expect(answer.status).toBe(200)
      const info = await rawRequest({ method: 'GET', url: SESSION_INFO_PATH })
      configureClient({ csrfToken: (info.data as { message: { csrf_token: string } }).message.csrf_token })
      return scenario(real)
    })
    configureClient({ csrfToken: '' })
    const fromFake = await scenario(fakeBackend())

    // The server really refused what the scenario means to be refused, so the comparison tests something.
    expect(fromServer.full.duplicateBillNo).toMatchObject({
      error: { httpStatus: 409, excType: 'DuplicateEntryError', existing: 'string' },
    })
    expect(fromServer.full.deleteComplete).toMatchObject({ error: { httpStatus: 417 } })
    expect(fromFake.full).toEqual(fromServer.full)
    expectCovers(fromServer.partial, fromFake.partial, 'partial')
  })
})

describe('a 429 (the sign-in limit) reaches the fakes’ callers as the real server’s does', () => {
  // A name of its own, so the demo clerk the other cases sign in as is never locked.
  const guess = { method: 'POST', url: '/api/method/login', data: { usr: 'locked.out@example.com', pwd: 'a guess' } } as const

  it('the same status, body shape and Retry-After through fakeHttp, and the same FrappeError from FakeBackend', async () => {
    const real = await toRealServer(async () => {
      cookies = ''
      for (let i = 0; i < LOGIN_LIMITS.user.maxFailures; i++) expect((await rawRequest(guess)).status).toBe(401)
      return { raw: rawShape(await rawRequest(guess)), typed: await outcome(() => login(guess.data.usr, guess.data.pwd)) }
    })
    cookies = ''
    // fakeHttp has no limit of its own: a unit test scripts the 429 with the helper it uses for every error.
    const fake = await toFakeHttp(async (fakeHttp) => {
      fakeHttp.on('POST', '/api/method/login', {
        status: 429,
        body: frappeError('AuthenticationError', 'Too many failed sign-ins: this account is locked, try again in 60 seconds'),
        headers: { 'retry-after': '60' },
      })
      return { raw: rawShape(await rawRequest(guess)), typed: await outcome(() => login(guess.data.usr, guess.data.pwd)) }
    })
    // FakeBackend: a submission call failing with the fake's 429, as the engine's tests make one.
    const backend = new FakeBackend().fail('append', () => tooManyRequests(60))
    const invoice = await backend.createPurchaseInvoice({
      client_request_id: requestId(),
      supplier: 'Aldi Süd',
      bill_no: `BILL-${requestId()}`,
      bill_date: '2026-03-02',
      expected_items: 2,
      items: makeItems(1),
    })
    const fromBackend = await outcome(() => backend.appendInvoiceItems({ invoice: invoice.name, batch_index: 1, items: makeItems(1, 2) }))

    expect(real.raw).toMatchObject({ status: 429, retryAfter: 'present' })
    expect(real.typed).toEqual({
      error: { excType: 'AuthenticationError', httpStatus: 429, retryable: true, existing: 'undefined', retryAfter: 'number' },
    })
    expect(fake).toEqual(real)
    expect(fromBackend).toEqual(real.typed)
  })
})
