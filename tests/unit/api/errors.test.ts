import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { configureClient } from '@/api/client'
import { callMethod } from '@/api/envelope'
import { FrappeError, NetworkError, parseRetryAfter, parseServerMessages } from '@/api/errors'
import { frappeError, installFakeHttp, resetClient, type FakeHttp, type FakeReply } from './fakeHttp'

let fake: FakeHttp

beforeEach(() => {
  resetClient(configureClient)
  fake = installFakeHttp()
})
afterEach(() => fake.restore())

/** Calls a method whose answer is `reply` and returns what it threw. */
async function failureFor(reply: FakeReply, options: { signal?: AbortSignal } = {}): Promise<FrappeError> {
  fake.on('POST', '/api/method/test.method', reply)
  const error = await callMethod('test.method', { httpMethod: 'POST', data: {}, ...options }).then(
    () => null,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(FrappeError)
  return error as FrappeError
}

describe('Frappe error bodies', () => {
  it.each([
    [417, 'ValidationError', 'Quantity must be greater than zero', false],
    [417, 'MandatoryError', 'Bill No is required', false],
    [403, 'PermissionError', 'Not permitted to force a cleanup', false],
    [401, 'AuthenticationError', 'Invalid login credentials', false],
    [404, 'DoesNotExistError', 'Purchase Invoice ACC-PINV-0001 not found', false],
    [400, 'CSRFTokenError', 'Invalid Request', false],
    [413, 'RequestEntityTooLarge', 'File exceeds the 10 MB limit', false],
    [500, 'InternalServerError', 'Something broke on the server', true],
  ])('HTTP %i %s becomes a FrappeError with the server’s message', async (status, excType, message, retryable) => {
    const error = await failureFor({ status, body: frappeError(excType, message) })
    expect(error.excType).toBe(excType)
    expect(error.httpStatus).toBe(status)
    expect(error.messages).toEqual([message])
    expect(error.message).toBe(message)
    expect(error.retryable).toBe(retryable)
    expect(error.retryAfter).toBeNull()
  })

  it('keeps the existing document of a DuplicateEntryError (409)', async () => {
    const error = await failureFor({
      status: 409,
      body: { ...frappeError('DuplicateEntryError', 'Bill 4711 from ACME is already recorded'), existing: 'ACC-PINV-2026-00007' },
    })
    expect(error.excType).toBe('DuplicateEntryError')
    expect(error.existing).toBe('ACC-PINV-2026-00007')
    expect(error.retryable).toBe(false)
  })

  it('reads a 503 MemoryPressureError’s Retry-After in seconds and marks it retryable', async () => {
    const error = await failureFor({
      status: 503,
      body: frappeError('MemoryPressureError', 'Server memory is critical; try again shortly'),
      headers: { 'Retry-After': '30' },
    })
    expect(error.excType).toBe('MemoryPressureError')
    expect(error.retryAfter).toBe(30)
    expect(error.retryable).toBe(true)
  })

  it('marks 429 retryable and other 4xx not', async () => {
    expect((await failureFor({ status: 429, body: {} })).retryable).toBe(true)
    expect((await failureFor({ status: 422, body: {} })).retryable).toBe(false)
  })

  it('shows HTML inside _server_messages as plain text', async () => {
    const error = await failureFor({
      status: 417,
      body: frappeError('ValidationError', '<b>Supplier</b> “Smith &amp; Sons” is <i>disabled</i>&nbsp;&lt;since 2024&gt;<br>Pick another'),
    })
    expect(error.messages).toEqual(['Supplier “Smith & Sons” is disabled <since 2024> Pick another'])
  })

  it('keeps every entry of _server_messages, in order', async () => {
    const error = await failureFor({ status: 417, body: frappeError('ValidationError', 'Row 2: rate is missing', 'Row 5: qty is missing') })
    expect(error.messages).toEqual(['Row 2: rate is missing', 'Row 5: qty is missing'])
  })

  it('falls back to _error_message, then to a sentence for the status', async () => {
    const withErrorMessage = await failureFor({
      status: 417,
      body: { exc_type: 'ValidationError', _error_message: 'Bill date is in the <em>future</em>' },
    })
    expect(withErrorMessage.messages).toEqual(['Bill date is in the future'])

    const bare = await failureFor({ status: 403, body: { exc_type: 'PermissionError' } })
    expect(bare.messages).toEqual(['You do not have permission to do this.'])
  })

  it('names the exception from the status when the body has no exc_type', async () => {
    const error = await failureFor({ status: 404, body: '' })
    expect(error.excType).toBe('DoesNotExistError')
    expect(error.messages).toEqual(['The document was not found.'])
  })
})

describe('answers that are not Frappe JSON', () => {
  it('turns nginx’s HTML 413 page into a clear message', async () => {
    const page =
      '<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n'
    const error = await failureFor({ status: 413, body: page })
    expect(error.excType).toBe('RequestEntityTooLarge')
    expect(error.messages).toEqual(['The upload is too large for the server to accept.'])
    expect(error.retryable).toBe(false)
  })

  it('names a proxy’s 502 page by its title and marks it retryable', async () => {
    const error = await failureFor({
      status: 502,
      body: '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><script>x()</script></body></html>',
    })
    expect(error.messages).toEqual(['The server answered with an error (HTTP 502): 502 Bad Gateway'])
    expect(error.retryable).toBe(true)
  })
})

describe('requests without an answer', () => {
  it('turns a timeout into a retryable NetworkError', async () => {
    const error = await failureFor({ fail: 'timeout' })
    expect(error).toBeInstanceOf(NetworkError)
    expect(error.excType).toBe('NetworkError')
    expect((error as NetworkError).reason).toBe('timeout')
    expect(error.httpStatus).toBe(0)
    expect(error.retryable).toBe(true)
    expect(error.messages).toEqual(['The server took too long to answer. Try again.'])
  })

  it('turns a failed network into a retryable NetworkError', async () => {
    const error = await failureFor({ fail: 'offline' })
    expect((error as NetworkError).reason).toBe('offline')
    expect(error.retryable).toBe(true)
    expect(error.message).toMatch(/Could not reach the server/)
  })

  it('reports a request cancelled by the app as aborted, not to be retried', async () => {
    const controller = new AbortController()
    controller.abort()
    const error = await failureFor({ status: 200, body: { message: 'never' } }, { signal: controller.signal })
    expect((error as NetworkError).reason).toBe('aborted')
    expect(error.retryable).toBe(false)
  })

  it('does not carry the request (and its Authorization header) on the error', async () => {
    configureClient({ apiKey: 'key', apiSecret: 'very-secret' })
    const error = await failureFor({ status: 500, body: frappeError('InternalServerError', 'boom') })
    expect(error.cause).toBeUndefined()
    const own = Object.getOwnPropertyNames(error).map((key) => (error as unknown as Record<string, unknown>)[key])
    expect(own.some((value) => typeof value === 'object' && value !== null && 'headers' in value)).toBe(false)
    expect(JSON.stringify(own)).not.toContain('very-secret')
  })
})

describe('parsers', () => {
  it('recovers what it can from malformed _server_messages', () => {
    expect(parseServerMessages('not json at all')).toEqual(['not json at all'])
    expect(parseServerMessages(JSON.stringify(['plain string, not JSON', JSON.stringify({ message: 'ok' })]))).toEqual([
      'plain string, not JSON',
      'ok',
    ])
    expect(parseServerMessages(JSON.stringify([JSON.stringify({ title: 'no message' })]))).toEqual([])
    expect(parseServerMessages(undefined)).toEqual([])
  })

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T12:00:00Z')
    expect(parseRetryAfter('120', now)).toBe(120)
    expect(parseRetryAfter('Thu, 01 Jan 2026 12:00:45 GMT', now)).toBe(45)
    expect(parseRetryAfter('Thu, 01 Jan 2026 11:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('soon', now)).toBeNull()
    expect(parseRetryAfter(undefined, now)).toBeNull()
  })
})
