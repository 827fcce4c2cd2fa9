import { Writable } from 'node:stream'
import { describe, expect, it, vi } from 'vitest'
import type { InvoiceProgress } from '../../src/types/frappe'
import { ADMIN, CLERK, METHOD, TestClient } from './support/client'
import { createBody, makeItems } from './support/invoices'
import { useTestServers } from './support/server'

/** One pino line as the server writes it. */
interface LogRecord {
  level: number
  msg: string
  event?: string
  reqId?: string
  [field: string]: unknown
}

const DEBUG = 20
const INFO = 30
const WARN = 40

/** A pino destination that keeps every JSON line it is given. */
function captureLog() {
  const records: LogRecord[] = []
  let partial = ''
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const lines = (partial + chunk.toString()).split('\n')
      partial = lines.pop() ?? ''
      for (const line of lines) if (line) records.push(JSON.parse(line) as LogRecord)
      done()
    },
  })
  return { records, stream }
}

const memoryShape = {
  rss_mb: expect.any(Number),
  heap_used_mb: expect.any(Number),
  heap_total_mb: expect.any(Number),
  external_mb: expect.any(Number),
  usage_ratio: expect.any(Number),
  level: expect.stringMatching(/^(ok|warning|critical)$/),
}

/** A record's memory figures agree with each other: the ratio is rss against the limit, the heap fits in its total. */
function expectConsistentMemory(record: LogRecord | undefined, maxMemoryMb: number): void {
  const memory = record?.memory as { rss_mb: number; heap_used_mb: number; heap_total_mb: number; usage_ratio: number }
  expect(memory.rss_mb).toBeGreaterThan(10)
  expect(memory.usage_ratio).toBeCloseTo(memory.rss_mb / maxMemoryMb, 3)
  expect(memory.heap_used_mb).toBeLessThanOrEqual(memory.heap_total_mb)
}

/** A cleanup record's figures add up: what it freed is before less after. */
function expectCleanupArithmetic(record: LogRecord | undefined): void {
  const { before_mb, after_mb, freed_mb } = record as unknown as { before_mb: number; after_mb: number; freed_mb: number }
  expect(before_mb).toBeGreaterThan(10)
  expect(after_mb).toBeGreaterThan(10)
  expect(freed_mb).toBeCloseTo(before_mb - after_mb, 1)
}

const startServer = useTestServers()
async function start(siteConfig: Record<string, unknown>) {
  const log = captureLog()
  const server = await startServer({ siteConfig, logger: { level: 'debug', stream: log.stream } })
  return { server, records: log.records }
}
const events = (records: LogRecord[], event: string) => records.filter((r) => r.event === event)

describe('memory records in the JSON log', () => {
  it('records memory before and after each batch, and each chunk at debug, tied to the request', async () => {
    const { server, records } = await start({ memory_optimization: { batch_size: 50 } })
    const clerk = new TestClient(server.url)
    await clerk.login(CLERK)
    const body = createBody({ expected_items: 220, items: makeItems(120) })
    const created = await clerk.post<{ message: InvoiceProgress }>(`${METHOD}.create_purchase_invoice`, body)
    expect(created.status).toBe(200)
    const name = created.body.message.name
    expect((await clerk.post(`${METHOD}.append_invoice_items`, { invoice: name, batch_index: 1, items: makeItems(100, 121) })).status).toBe(
      200,
    )

    const starts = events(records, 'batch start')
    const stored = events(records, 'batch stored')
    expect(starts).toEqual([
      expect.objectContaining({ level: INFO, client_request_id: body.client_request_id, batch_index: 0, items: 120, memory: memoryShape }),
      expect.objectContaining({ level: INFO, invoice: name, batch_index: 1, items: 100, memory: memoryShape }),
    ])
    expect(stored).toEqual([
      expect.objectContaining({ level: INFO, invoice: name, batch_index: 0, items: 120, memory: memoryShape }),
      expect.objectContaining({ level: INFO, invoice: name, batch_index: 1, items: 100, memory: memoryShape }),
    ])
    const chunks = events(records, 'chunk')
    // 120 items in chunks of 50 → 3; 100 → 2.
    expect(chunks.map((c) => [c.batch_index, c.first_row])).toEqual([
      [0, 1],
      [0, 51],
      [0, 101],
      [1, 121],
      [1, 171],
    ])
    for (const chunk of chunks) expect(chunk).toMatchObject({ level: DEBUG, invoice: name, memory: memoryShape })
    for (const record of [...starts, ...stored, ...chunks]) expectConsistentMemory(record, 2048)

    // Each batch's records share the request's id and come in order: start, chunks, stored.
    for (const [index, start] of starts.entries()) {
      const own = records.filter((r) => r.reqId === start.reqId && r.event)
      expect(start.reqId).toBeDefined()
      expect(own.map((r) => r.event)).toEqual([
        'batch start',
        ...(index === 0 ? ['chunk', 'chunk', 'chunk'] : ['chunk', 'chunk']),
        'batch stored',
      ])
    }
  })

  it('records the cleanup and the abort of a refused write, and no “batch stored”', async () => {
    const { server, records } = await start({ memory_optimization: { max_memory_mb: 16 } })
    const clerk = new TestClient(server.url)
    await clerk.login(CLERK)
    const refused = await clerk.post(`${METHOD}.create_purchase_invoice`, createBody())
    expect(refused.status).toBe(503)

    const own = records.filter((r) => r.event && r.reqId === events(records, 'memory abort')[0]?.reqId)
    expect(own.map((r) => r.event)).toEqual(['batch start', 'memory cleanup', 'memory abort'])
    expect(own[1]).toMatchObject({
      level: INFO,
      reason: 'pressure',
      before_mb: expect.any(Number),
      after_mb: expect.any(Number),
      freed_mb: expect.any(Number),
      memory: memoryShape,
    })
    expect(own[2]).toMatchObject({ level: WARN, max_memory_mb: 16, memory: { ...memoryShape, level: 'critical' } })
    expect((own[2]?.memory as { usage_ratio: number }).usage_ratio).toBeGreaterThan(1)
    expectCleanupArithmetic(own[1])
    for (const record of own) expectConsistentMemory(record, 16)
    expect(events(records, 'batch stored')).toEqual([])
  })

  it('records a forced cleanup with who forced it, and the periodic one', async () => {
    const { server, records } = await start({ memory_optimization: { cleanup_interval: 1 } })
    const admin = new TestClient(server.url)
    await admin.login(ADMIN)
    expect((await admin.post(`${METHOD}.force_cleanup`, {})).status).toBe(200)
    expect(events(records, 'memory cleanup').filter((r) => r.reason === 'forced')).toEqual([
      expect.objectContaining({
        level: INFO,
        by: 'Administrator',
        reqId: expect.any(String),
        freed_mb: expect.any(Number),
        memory: memoryShape,
      }),
    ])
    expectCleanupArithmetic(events(records, 'memory cleanup').find((r) => r.reason === 'forced'))
    // The timer runs every second: wait for its first record (the wait is not what is tested).
    await vi.waitFor(() => expect(events(records, 'memory cleanup').some((r) => r.reason === 'interval')).toBe(true), { timeout: 10_000 })
    expect(events(records, 'memory cleanup').find((r) => r.reason === 'interval')).toMatchObject({ level: INFO, memory: memoryShape })
  })
})
