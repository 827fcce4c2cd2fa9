import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { configureClient, REQUEST_TIMEOUT_MS } from '@/api/client'
import { NetworkError } from '@/api/errors'
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
