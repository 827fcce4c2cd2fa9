import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLERK, METHOD, TestClient, messageText, serverMessages } from './support/client'
import { startTestServer, type TestServer } from './support/server'

let server: TestServer
let clerk: TestClient
beforeAll(async () => {
  server = await startTestServer()
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

  it('answers an unknown /api route with a Frappe 404, not Fastify’s body', async () => {
    const answer = await clerk.get('/api/nothing/here')
    expect(answer.status).toBe(404)
    expect(answer.body).toMatchObject({ exc_type: 'DoesNotExistError' })
    expect(answer.body).not.toHaveProperty('statusCode')
  })
})
