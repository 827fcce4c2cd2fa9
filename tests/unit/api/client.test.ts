import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { configureClient, REQUEST_TIMEOUT_MS } from '@/api/client'
import { FrappeError, NetworkError } from '@/api/errors'
import { uploadFile } from '@/api/files'
import { forceCleanup, getMemoryStatus } from '@/api/memory'
import { ping } from '@/api/system'
import { deferred, installFakeHttp, resetClient, type FakeHttp, type FakeReply } from './fakeHttp'

const STATUS_PATH = '/api/method/custom_erp.custom_erp.purchase_invoice.api.get_memory_status'
const CLEANUP_PATH = '/api/method/custom_erp.custom_erp.purchase_invoice.api.force_cleanup'

let fake: FakeHttp

beforeEach(() => {
  resetClient(configureClient)
  fake = installFakeHttp()
    .on('GET', STATUS_PATH, { status: 200, body: { message: { level: 'ok' } } })
    .on('POST', CLEANUP_PATH, { status: 200, body: { message: { before_mb: 200, after_mb: 150, freed_mb: 50 } } })
    .on('GET', '/api/method/ping', { status: 200, body: { message: 'pong' } })
})
afterEach(() => fake.restore())

describe('the CSRF token', () => {
  it('is sent on a POST but not on a GET', async () => {
    configureClient({ csrfToken: 'token-123' })
    await getMemoryStatus()
    await forceCleanup()
    expect(fake.sentTo(STATUS_PATH)[0]?.header('X-Frappe-CSRF-Token')).toBeUndefined()
    expect(fake.sentTo(CLEANUP_PATH)[0]?.header('X-Frappe-CSRF-Token')).toBe('token-123')
  })

  it('comes from window.csrf_token when the session has not given one', async () => {
    window.csrf_token = 'injected-into-index-html'
    await forceCleanup()
    expect(fake.sentTo(CLEANUP_PATH)[0]?.header('X-Frappe-CSRF-Token')).toBe('injected-into-index-html')
  })

  it('is not taken from the page for a separate backend', async () => {
    window.csrf_token = 'this-servers-token'
    configureClient({ baseUrl: 'https://erp.example.com' })
    await forceCleanup()
    expect(fake.sentTo(CLEANUP_PATH)[0]?.header('X-Frappe-CSRF-Token')).toBeUndefined()
  })

  it('is left out when there is none', async () => {
    await forceCleanup()
    expect(fake.sentTo(CLEANUP_PATH)[0]?.header('X-Frappe-CSRF-Token')).toBeUndefined()
  })
})

describe('authentication and address', () => {
  it('sends `Authorization: token key:secret` when a key pair is set', async () => {
    configureClient({ apiKey: 'abc123', apiSecret: 's3cret' })
    await getMemoryStatus()
    expect(fake.requests[0]?.header('Authorization')).toBe('token abc123:s3cret')
  })

  it('sends no Authorization header with only half a key pair', async () => {
    configureClient({ apiKey: 'abc123', apiSecret: '' })
    await getMemoryStatus()
    expect(fake.requests[0]?.header('Authorization')).toBeUndefined()
  })

  it('uses the configured backend URL (without a trailing slash)', async () => {
    configureClient({ baseUrl: 'https://erp.example.com/' })
    await getMemoryStatus()
    const [request] = fake.requests
    expect(request?.baseURL).toBe('https://erp.example.com')
    expect(request?.path).toBe(STATUS_PATH)
  })

  it('gives up on a call that has no answer after REQUEST_TIMEOUT_MS, as a retryable timeout', async () => {
    vi.useFakeTimers()
    try {
      const held = deferred<FakeReply>()
      fake.on('GET', STATUS_PATH, () => held.promise)
      const call = getMemoryStatus().catch((caught: unknown) => caught)
      await vi.advanceTimersByTimeAsync(REQUEST_TIMEOUT_MS - 1)
      expect(fake.requests).toHaveLength(1)
      await vi.advanceTimersByTimeAsync(1)
      const error = await call
      expect(error).toBeInstanceOf(NetworkError)
      expect((error as NetworkError).reason).toBe('timeout')
      expect((error as NetworkError).retryable).toBe(true)
    } finally {
      vi.useRealTimers()
    }
  })

  it('sends to this server when no backend URL is set', async () => {
    await getMemoryStatus()
    expect(fake.requests[0]?.baseURL).toBe('')
  })

  it('lets one call use other settings without changing the rest', async () => {
    configureClient({ baseUrl: 'https://saved.example.com', apiKey: 'saved', apiSecret: 'saved-secret' })
    await ping({ connection: { baseUrl: 'https://draft.example.com', apiKey: '', apiSecret: '' } })
    await getMemoryStatus()
    const [pinged, status] = fake.requests
    expect(pinged?.baseURL).toBe('https://draft.example.com')
    expect(pinged?.header('Authorization')).toBeUndefined()
    expect(status?.baseURL).toBe('https://saved.example.com')
    expect(status?.header('Authorization')).toBe('token saved:saved-secret')
  })
})

describe('the real transport (fetch)', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('sends the session cookie, the headers and a JSON body, and reads the JSON answer', async () => {
    fake.restore()
    const fetchStub = vi.fn(async () => new Response(JSON.stringify({ message: { freed_mb: 50 } }), { status: 200 }))
    vi.stubGlobal('fetch', fetchStub)
    configureClient({ baseUrl: 'https://erp.example.com', csrfToken: 'token-123' })
    await expect(forceCleanup()).resolves.toEqual({ freed_mb: 50 })
    const [url, init] = fetchStub.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe(`https://erp.example.com${CLEANUP_PATH}`)
    expect(init.method).toBe('POST')
    expect(init.credentials).toBe('include')
    expect(new Headers(init.headers).get('X-Frappe-CSRF-Token')).toBe('token-123')
  })

  it('turns a failed network into a retryable offline error', async () => {
    fake.restore()
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    )
    const error = await getMemoryStatus().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(NetworkError)
    expect((error as NetworkError).reason).toBe('offline')
  })
})

/** Just enough of XMLHttpRequest to see what the client asks of it and to answer as a browser would. */
class ScriptedXhr {
  static last: ScriptedXhr | null = null
  method = ''
  url = ''
  withCredentials = false
  responseType = ''
  status = 0
  response: unknown = null
  body: unknown = null
  aborted = false
  headers = new Map<string, string>()
  upload: { onprogress: ((event: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = { onprogress: null }
  onload: (() => void) | null = null
  onerror: (() => void) | null = null
  onabort: (() => void) | null = null
  constructor() {
    ScriptedXhr.last = this
  }
  open(method: string, url: string) {
    this.method = method
    this.url = url
  }
  setRequestHeader(name: string, value: string) {
    this.headers.set(name.toLowerCase(), value)
  }
  getAllResponseHeaders() {
    return 'content-type: application/json\r\nretry-after: 7\r\n'
  }
  send(body: unknown) {
    this.body = body
  }
  abort() {
    this.aborted = true
    this.onabort?.()
  }
  answer(status: number, text: string) {
    this.status = status
    this.response = text
    this.onload?.()
  }
}

describe('the real transport for an upload with progress (XMLHttpRequest)', () => {
  beforeEach(() => {
    fake.restore()
    ScriptedXhr.last = null
    vi.stubGlobal('XMLHttpRequest', ScriptedXhr)
  })
  afterEach(() => vi.unstubAllGlobals())

  const upload = (options: { signal?: AbortSignal; progress?: number[] } = {}) =>
    uploadFile(new Blob([new Uint8Array(2048)], { type: 'image/jpeg' }), {
      docname: 'ACC-PINV-2026-00001',
      fileName: 'page-1.jpg',
      signal: options.signal,
      onProgress: (report) => options.progress?.push(report.fraction ?? -1),
    })

  it('reports the bytes sent, sends the cookie and the CSRF token, and reads the answer', async () => {
    configureClient({ baseUrl: 'https://erp.example.com', csrfToken: 'token-123' })
    const progress: number[] = []
    const sent = upload({ progress })
    const xhr = ScriptedXhr.last!
    expect(xhr.method).toBe('POST')
    expect(xhr.url).toBe('https://erp.example.com/api/method/upload_file')
    expect(xhr.withCredentials).toBe(true)
    expect(xhr.headers.get('x-frappe-csrf-token')).toBe('token-123')
    expect(xhr.body).toBeInstanceOf(FormData)
    xhr.upload.onprogress?.({ loaded: 1024, total: 2048, lengthComputable: true })
    xhr.upload.onprogress?.({ loaded: 2048, total: 2048, lengthComputable: true })
    xhr.answer(200, JSON.stringify({ message: { name: 'FILE-0001' } }))
    await expect(sent).resolves.toEqual({ name: 'FILE-0001' })
    expect(progress).toEqual([0.5, 1])
  })

  it('turns an error answer into the FrappeError, with its Retry-After', async () => {
    const sent = upload().catch((caught: unknown) => caught)
    ScriptedXhr.last!.answer(503, JSON.stringify({ exc_type: 'MemoryPressureError', _server_messages: '["{\\"message\\": \\"Busy\\"}"]' }))
    const error = (await sent) as FrappeError
    expect(error).toBeInstanceOf(FrappeError)
    expect(error).toMatchObject({ excType: 'MemoryPressureError', httpStatus: 503, messages: ['Busy'], retryAfter: 7, retryable: true })
  })

  it('stops the upload when the caller aborts, as a cancelled request that is not retried', async () => {
    const controller = new AbortController()
    const sent = upload({ signal: controller.signal }).catch((caught: unknown) => caught)
    controller.abort()
    const error = (await sent) as NetworkError
    expect(ScriptedXhr.last!.aborted).toBe(true)
    expect(error).toBeInstanceOf(NetworkError)
    expect(error).toMatchObject({ reason: 'aborted', retryable: false })
  })

  it('says offline when no answer came', async () => {
    const sent = upload().catch((caught: unknown) => caught)
    ScriptedXhr.last!.onerror?.()
    expect(await sent).toMatchObject({ reason: 'offline', retryable: true })
  })
})
