import { describe, expect, it } from 'vitest'
import type { InvoiceItemInput, InvoiceProgress } from '../../src/types/frappe'
import { CLERK, METHOD, TestClient, messageText, type Answer } from './support/client'
import { createBody, makeItems } from './support/invoices'
import { type TestServer, useTestServers, writeSiteConfig } from './support/server'

const MB = 1024 * 1024
const CLERKS = 8
const start = useTestServers()

/** 500 lines with 2,000-character descriptions: a request of about 1 MB, the heaviest kind the server takes. */
function heavyLines(firstRow: number): InvoiceItemInput[] {
  return makeItems(500, firstRow).map((item, i) => ({ ...item, description: `Row ${firstRow + i} `.padEnd(2000, 'x') }))
}

/** Every 503 must be Frappe's MemoryPressureError with Retry-After and the promise that nothing was saved. */
function expectRefusedOrStored(answer: Answer) {
  expect([200, 503]).toContain(answer.status)
  if (answer.status === 503) {
    expect(answer.body).toMatchObject({ exc_type: 'MemoryPressureError' })
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(messageText(answer.body)).toContain('nothing was saved, retry shortly')
  }
}

/** Nothing half-written: each invoice holds exactly the lines of its stored batches, numbered 1…n. */
function expectConsistent(server: TestServer) {
  const db = server.app.scanner.db
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
  const broken = db
    .prepare(
      `SELECT name FROM purchase_invoice p
        WHERE items_received != (SELECT COUNT(*) FROM purchase_invoice_item WHERE parent = p.name)
           OR items_received != (SELECT COALESCE(SUM(item_count), 0) FROM invoice_batch WHERE parent = p.name)
           OR items_received != COALESCE((SELECT MAX(idx) FROM purchase_invoice_item WHERE parent = p.name), 0)`,
    )
    .all()
  expect(broken).toEqual([])
}

interface Clerk {
  create: Record<string, unknown>
  append: (invoice: string) => Record<string, unknown>
  createAnswer?: Answer<{ message: InvoiceProgress }>
  appendAnswer?: Answer<{ message: InvoiceProgress }>
}

/** Each clerk sends one 1,000-line invoice as two 500-line requests, all clerks at once. */
async function burst(client: TestClient, clerks: Clerk[]) {
  await Promise.all(
    clerks.map(async (clerk) => {
      clerk.createAnswer = await client.post(`${METHOD}.create_purchase_invoice`, clerk.create)
      if (clerk.createAnswer.status !== 200) return
      clerk.appendAnswer = await client.post(`${METHOD}.append_invoice_items`, clerk.append(clerk.createAnswer.body.message.name))
    }),
  )
}

function makeClerks(): Clerk[] {
  return Array.from({ length: CLERKS }, () => ({
    create: createBody({ expected_items: 1000, items: heavyLines(1) }),
    append: (invoice: string) => ({ invoice, batch_index: 1, items: heavyLines(501) }),
  }))
}

describe('a burst of large requests under memory pressure', () => {
  it('refuses every one with 503 when the server is over its limit from the start, stores nothing and stays up', async () => {
    const server = await start({ siteConfig: { memory_optimization: { max_memory_mb: 16 } } })
    const client = new TestClient(server.url)
    await client.login(CLERK)
    const clerks = makeClerks()
    await burst(client, clerks)
    for (const clerk of clerks) {
      expect(clerk.createAnswer?.status).toBe(503)
      expectRefusedOrStored(clerk.createAnswer as Answer)
    }
    expect(server.app.scanner.db.prepare('SELECT COUNT(*) FROM purchase_invoice').pluck().get()).toBe(0)
    expect(server.app.scanner.db.prepare('SELECT COUNT(*) FROM purchase_invoice_item').pluck().get()).toBe(0)
    expect((await client.get('/api/method/ping')).body).toEqual({ message: 'pong' })
  })

  it('answers each request 200 or 503 near the limit, leaves nothing half-written, and takes every refused one on retry', async () => {
    const server = await start()
    const client = new TestClient(server.url)
    await client.login(CLERK)
    // A limit whose force_cleanup_threshold (0.9) sits ~60 MB above what this process holds now, once the
    // server is loaded. The burst (eight ~1 MB bodies, built by the client and parsed by the server in this
    // same process) pushes it over part of the way through: some requests are stored, later ones refused.
    // Which ones varies; what is asserted holds for any mix.
    const limit = Math.ceil((process.memoryUsage().rss / MB + 60) / 0.9)
    writeSiteConfig(server.dataDir, { memory_optimization: { max_memory_mb: limit, batch_size: 50 } })
    await server.restart()
    client.baseUrl = server.url
    const clerks = makeClerks()
    await burst(client, clerks)

    for (const clerk of clerks) {
      expectRefusedOrStored(clerk.createAnswer as Answer)
      if (clerk.appendAnswer) expectRefusedOrStored(clerk.appendAnswer)
    }
    expect((await client.get('/api/method/ping')).status).toBe(200)
    expectConsistent(server)
    const db = server.app.scanner.db
    const linesOf = db.prepare('SELECT items_received FROM purchase_invoice WHERE client_request_id = ?').pluck()
    for (const clerk of clerks) {
      const stored = linesOf.get(clerk.create.client_request_id) as number | undefined
      if (clerk.createAnswer?.status === 503) expect(stored).toBeUndefined()
      else expect(stored).toBe(clerk.appendAnswer?.status === 200 ? 1000 : 500)
    }

    // The pressure is gone (a restart with the default limit); the app retries what was refused, as it was.
    writeSiteConfig(server.dataDir, {})
    await server.restart()
    client.baseUrl = server.url
    for (const clerk of clerks) {
      if (clerk.createAnswer?.status !== 200) {
        clerk.createAnswer = await client.post(`${METHOD}.create_purchase_invoice`, clerk.create)
        expect(clerk.createAnswer.status).toBe(200)
      }
      if (clerk.appendAnswer?.status !== 200) {
        clerk.appendAnswer = await client.post(`${METHOD}.append_invoice_items`, clerk.append(clerk.createAnswer.body.message.name))
        expect(clerk.appendAnswer.status).toBe(200)
      }
      expect(clerk.appendAnswer.body.message).toMatchObject({ status: 'Draft', scan_status: 'Complete', items_received: 1000 })
    }
    expectConsistent(server)
    expect(server.app.scanner.db.prepare('SELECT COUNT(*) FROM purchase_invoice').pluck().get()).toBe(CLERKS)
    expect(server.app.scanner.db.prepare('SELECT COUNT(*) FROM purchase_invoice_item').pluck().get()).toBe(CLERKS * 1000)
  })
})
