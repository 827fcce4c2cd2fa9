import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLERK, METHOD, TestClient, messageText, serverMessages } from './support/client'
import { startTestServer, type TestServer } from './support/server'

let server: TestServer
let clerk: TestClient
let log = ''
beforeAll(async () => {
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      log += chunk.toString()
      done()
    },
  })
  server = await startTestServer({
    logger: { level: 'error', stream: logStream },
    // A handler with a bug, to see what a client and the log get from an unexpected error.
    beforeListen: (app) =>
      app.get('/api/method-crash', () => {
        throw new Error('secret detail: /var/lib/db password=hunter2')
      }),
  })
  clerk = new TestClient(server.url)
  await clerk.login(CLERK)
})
afterAll(async () => {
  await server?.stop()
})

describe('Frappe-style error bodies for Fastify’s own failures', () => {
  it('encodes _server_messages as a JSON list of JSON strings', async () => {
    const answer = await clerk.get('/api/method/no.such.method')
    expect(answer.status).toBe(404)
    const raw = (answer.body as { _server_messages: string })._server_messages
    const outer = JSON.parse(raw) as unknown[]
    expect(outer.every((entry) => typeof entry === 'string')).toBe(true)
    expect(serverMessages(answer.body)[0]).toMatchObject({ message: 'Method no.such.method not found', indicator: 'red' })
    expect(answer.body).toMatchObject({ exc_type: 'DoesNotExistError' })
  })

  it('answers malformed JSON with 400 and a clear message, and keeps serving', async () => {
    const answer = await clerk.post(`${METHOD}.create_purchase_invoice`, '{"supplier": "Aldi', {
      headers: { 'content-type': 'application/json' },
    })
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({ exc_type: 'ValidationError' })
    expect(messageText(answer.body)).toBe('The request body is not valid JSON')
    expect((await clerk.get('/api/method/ping')).status).toBe(200)
  })

  it('answers a body over 2 MB with 413 RequestEntityTooLarge', async () => {
    const answer = await clerk.post(`${METHOD}.create_purchase_invoice`, { description: 'x'.repeat(2 * 1024 * 1024 + 10) })
    expect(answer.status).toBe(413)
    expect(answer.body).toMatchObject({ exc_type: 'RequestEntityTooLarge' })
    expect(messageText(answer.body)).toMatch(/too large/)
  })

  it('answers an unsupported content type with 415', async () => {
    const answer = await clerk.post(`${METHOD}.create_purchase_invoice`, 'hello', { headers: { 'content-type': 'text/plain' } })
    expect(answer.status).toBe(415)
    expect(messageText(answer.body)).toMatch(/Unsupported content type/)
  })

  it('answers a JSON body that is not an object with 417', async () => {
    const answer = await clerk.post(`${METHOD}.create_purchase_invoice`, [1, 2, 3])
    expect(answer.status).toBe(417)
    expect(messageText(answer.body)).toBe('The request body must be a JSON object')
  })

  it('answers a URL with broken %-encoding with a Frappe 400', async () => {
    const answer = await clerk.get('/api/resource/Item/%E0%A4%A')
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({ exc_type: 'ValidationError' })
    expect(messageText(answer.body)).toBe('The URL is not valid: check its %-encoding')
  })

  it('answers an unknown /api route with a Frappe 404, not Fastify’s body', async () => {
    const answer = await clerk.get('/api/nothing/here')
    expect(answer.status).toBe(404)
    expect(answer.body).toMatchObject({ exc_type: 'DoesNotExistError' })
    expect(answer.body).not.toHaveProperty('statusCode')
  })
})

describe('unexpected errors', () => {
  it('answers 500 InternalServerError without the stack or message, and logs both', async () => {
    const answer = await clerk.get('/api/method-crash')
    expect(answer.status).toBe(500)
    expect(answer.body).toMatchObject({ exc_type: 'InternalServerError' })
    expect(JSON.stringify(answer.body)).not.toContain('hunter2')
    expect(JSON.stringify(answer.body)).not.toContain('at ')
    expect(log).toContain('secret detail')
    expect(log).toContain('"stack"')
    expect((await clerk.get('/api/method/ping')).status).toBe(200)
  })

  it('answers multipart sent to a JSON method with a clear 417, and keeps serving', async () => {
    const form = new FormData()
    form.append('supplier', 'Aldi Süd')
    const answer = await clerk.post(`${METHOD}.create_purchase_invoice`, form)
    expect(answer.status).toBe(417)
    expect(messageText(answer.body)).toBe('client_request_id is required')
    expect((await clerk.get('/api/method/ping')).status).toBe(200)
  })

  it('answers a wrong verb on a read with 403', async () => {
    const answer = await clerk.post(`${METHOD}.get_memory_config`, {})
    expect(answer.status).toBe(403)
    expect(answer.body).toMatchObject({ exc_type: 'PermissionError' })
  })
})
