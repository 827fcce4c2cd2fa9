import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueApiKey } from '../../server/src/domain/users.ts'
import { CLERK, TestClient, messageText } from './support/client'
import { startTestServer, type TestServer } from './support/server'

// Input a client can send that is broken or odd: each answers in Frappe's error shape with the right
// exc_type, and never a 500 (issue 12 items 5, 8, 13; issue 16 item 1).

interface LogRecord {
  level: number
  msg: string
  reqId?: string
  [field: string]: unknown
}

const records: LogRecord[] = []
const logStream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString().split('\n')) if (line.trim()) records.push(JSON.parse(line) as LogRecord)
    done()
  },
})

let server: TestServer
let clerk: TestClient
let distDir: string
let token: string

beforeAll(async () => {
  distDir = mkdtempSync(join(tmpdir(), 'scanner-dist-'))
  mkdirSync(join(distDir, 'assets'))
  writeFileSync(join(distDir, 'index.html'), '<!doctype html><html><head></head><body></body></html>')
  server = await startTestServer({ distDir, logger: { level: 'info', stream: logStream } })
  const key = issueApiKey(server.app.scanner.db, CLERK.usr)
  token = `token ${key.api_key}:${key.api_secret}`
  clerk = new TestClient(server.url)
  clerk.authorization = token
})
afterAll(async () => {
  await server?.stop()
  rmSync(distDir, { recursive: true, force: true })
})

/** A request sent exactly as written: fetch would normalise `..` and refuse some bodies. */
function raw(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; type: string; body: Record<string, unknown> }>((resolve, reject) => {
    const request = http.request(
      new URL(server.url),
      { path, method: options.method ?? 'GET', headers: { authorization: token, ...options.headers } },
      (response) => {
        let text = ''
        response.on('data', (chunk: Buffer) => (text += chunk.toString()))
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            type: response.headers['content-type'] ?? '',
            body: JSON.parse(text) as Record<string, unknown>,
          }),
        )
      },
    )
    request.on('error', reject)
    request.end(options.body)
  })
}

describe('a broken multipart body', () => {
  it.each([
    ['no boundary', 'multipart/form-data', 'garbage'],
    ['garbage', 'multipart/form-data; boundary=xyz', 'garbage'],
    [
      'cut off midway',
      'multipart/form-data; boundary=xyz',
      '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nabc',
    ],
  ])('(%s) answers 400 ValidationError in Frappe’s shape, logged once without a stack', async (_case, type, body) => {
    const before = records.length
    const answer = await raw('/api/method/upload_file', { method: 'POST', headers: { 'content-type': type }, body })
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({
      exc_type: 'ValidationError',
      exception: expect.stringMatching(/^frappe\.exceptions\.ValidationError: The multipart body could not be read/),
    })
    expect(messageText(answer.body)).toMatch(/multipart body could not be read/)
    const lines = records.slice(before).filter((r) => r.reqId !== undefined)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({ msg: 'request refused', exc_type: 'ValidationError' })
    expect(JSON.stringify(lines[0])).not.toMatch(/stack|at .*\.js:/)
  })
})

describe('list parameters', () => {
  it.each(['0x10', '1e1', '16.0', ' 16', '-1', '+16'])('refuses limit_start=%j with 417: decimal digits only', async (value) => {
    const answer = await clerk.get(`/api/resource/Item?limit_start=${encodeURIComponent(value)}`)
    expect(answer.status).toBe(417)
    expect(messageText(answer.body)).toMatch(/limit_start must be a whole number/)
  })

  it('reads limit_start=16 as 16', async () => {
    const all = await clerk.get<{ data: Array<{ name: string }> }>('/api/resource/Item?limit_page_length=0')
    const page = await clerk.get<{ data: Array<{ name: string }> }>('/api/resource/Item?limit_start=16&limit_page_length=2')
    expect(page.body.data).toEqual(all.body.data.slice(16, 18))
  })

  it('applies or_filters over plain HTTP instead of ignoring them', async () => {
    const orFilters = encodeURIComponent(
      JSON.stringify([
        ['item_code', '=', 'DIESEL'],
        ['item_code', '=', 'MILK-1L'],
      ]),
    )
    const answer = await clerk.get<{ data: Array<{ name: string }> }>(`/api/resource/Item?or_filters=${orFilters}&order_by=name%20asc`)
    expect(answer.body.data).toEqual([{ name: 'DIESEL' }, { name: 'MILK-1L' }])
  })

  it('refuses an unknown group_by field and a bad as_dict with 417', async () => {
    expect((await clerk.get('/api/resource/Item?group_by=password_hash')).status).toBe(417)
    expect((await clerk.get('/api/resource/Item?as_dict=maybe')).status).toBe(417)
  })
})

describe('URLs and bodies', () => {
  it('answers a URL over the limit with 431 in Frappe’s shape', async () => {
    const answer = await raw(`/api/method/ping?x=${'a'.repeat(20_000)}`)
    expect(answer.status).toBe(431)
    expect(answer.type).toMatch(/^application\/json/)
    expect(answer.body).toMatchObject({ exc_type: 'RequestHeaderFieldsTooLarge' })
    expect(messageText(answer.body)).toMatch(/too long/)
  })

  it('answers `..` in a file path with 403 PermissionError, not ValidationError', async () => {
    const answer = await raw('/assets/..%5cindex.html')
    expect(answer.status).toBe(403)
    expect(answer.body).toMatchObject({
      exc_type: 'PermissionError',
      exception: expect.stringMatching(/^frappe\.exceptions\.PermissionError: /),
    })
  })

  it('takes an empty body declared as JSON as no body, on a method and on DELETE', async () => {
    const count = await raw('/api/method/frappe.client.get_count?doctype=Supplier', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    })
    expect(count.status).toBe(200)
    expect(count.body.message).toBeGreaterThanOrEqual(24)
    const remove = await raw('/api/resource/Purchase%20Invoice/ACC-PINV-2026-99999', {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
    })
    expect(remove.status).toBe(404)
    expect(remove.body).toMatchObject({ exc_type: 'DoesNotExistError' })
  })

  it('still refuses a body that is not JSON, with 400', async () => {
    const answer = await raw('/api/method/frappe.client.get_count?doctype=Supplier', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{nope',
    })
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({ exc_type: 'ValidationError' })
  })
})

describe('one route per method, with its schema', () => {
  it('answers a payload of the wrong type with 417 naming the field, before the handler runs', async () => {
    const answer = await clerk.get('/api/method/frappe.client.get_count?doctype=Supplier&doctype=Item')
    expect(answer.status).toBe(417)
    expect(answer.body).toMatchObject({ exc_type: 'ValidationError' })
    expect(messageText(answer.body)).toBe('doctype must be text')
    const login = await new TestClient(server.url).post('/api/method/login', { usr: 42, pwd: ['x'] })
    expect(login.status).toBe(417)
    expect(messageText(login.body)).toBe('usr must be text\npwd must be text')
  })

  it('answers a verb a method does not take with 403, and an unknown method with 404, in Frappe’s shape', async () => {
    const verb = await raw('/api/method/frappe.client.get_count?doctype=Supplier', { method: 'DELETE' })
    expect(verb.status).toBe(403)
    expect(verb.body).toMatchObject({ exc_type: 'PermissionError', exception: expect.stringContaining('accepts GET, POST only') })
    const unknown = await raw('/api/method/frappe.client.no_such_thing', { method: 'PATCH' })
    expect(unknown.status).toBe(404)
    expect(unknown.body).toMatchObject({
      exc_type: 'DoesNotExistError',
      exception: 'frappe.exceptions.DoesNotExistError: Method frappe.client.no_such_thing not found',
    })
  })

  // Frappe v15 refuses a Guest in frappe/__init__.py `is_whitelisted` before the method sees its arguments: 403.
  it('checks who is asking before the payload: a guest gets 403 PermissionError, not a schema message', async () => {
    const answer = await new TestClient(server.url).get('/api/method/frappe.client.get_count?doctype=a&doctype=b')
    expect(answer.status).toBe(403)
    expect(answer.body).toMatchObject({ exc_type: 'PermissionError' })
  })
})

describe('odd list and frappe.client arguments', () => {
  const odd = [
    '',
    'null',
    '1',
    '"x"',
    '[]',
    '{}',
    '[[]]',
    '[null]',
    '[["name"]]',
    '[["name","in",[[1]]]]',
    '[["name","between",["a"]]]',
    '[["name","is","maybe"]]',
    '{"name":["like"]}',
    '{"name":{"$ne":1}}',
    '["count(name) as"]',
    '["sum(*)"]',
    '["name as n;drop"]',
    'x'.repeat(5000),
  ]

  it.each(['fields', 'filters', 'or_filters', 'group_by', 'order_by', 'as_dict', 'limit', 'fieldname'])(
    'never answer %s with a 500',
    async (param) => {
      for (const value of odd) {
        const query = `${param}=${encodeURIComponent(value)}`
        for (const path of [
          `/api/resource/Item?${query}`,
          `/api/method/frappe.client.get_value?doctype=Item&${query}`,
          `/api/method/frappe.client.get_count?doctype=Item&${query}`,
        ]) {
          const answer = await clerk.get(path)
          expect(answer.status, `${path} → ${JSON.stringify(answer.body).slice(0, 200)}`).toBeLessThan(500)
          if (answer.status >= 400)
            expect(answer.body).toMatchObject({ exc_type: expect.any(String), exception: expect.stringMatching(/^frappe\.exceptions\./) })
        }
      }
    },
  )

  it('never answer odd JSON bodies to the frappe.client reads with a 500', async () => {
    const values: unknown[] = [null, 1, 'x', [], {}, [['name']], { name: ['in', [[1]]] }, ['sum(*)'], true]
    for (const method of ['get_value', 'get_count', 'get_list', 'get_single_value']) {
      for (const value of values) {
        for (const key of ['doctype', 'fieldname', 'filters', 'fields', 'field', 'as_dict']) {
          const answer = await clerk.post(`/api/method/frappe.client.${method}`, { doctype: 'Item', [key]: value })
          expect(answer.status, `${method} ${key}=${JSON.stringify(value)} → ${JSON.stringify(answer.body).slice(0, 200)}`).toBeLessThan(
            500,
          )
        }
      }
    }
  })
})
