import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { DEFAULT_MEMORY_CONFIG, type InvoiceProgress, type PurchaseInvoice } from '../../src/types/frappe'
import { openDatabase } from '../../server/src/db/database'
import { seedIfEmpty } from '../../server/src/db/seed'
import { ItemLookup } from '../../server/src/domain/invoiceItems'
import { appendItems, createInvoice } from '../../server/src/domain/invoices'
import { MemoryGuard } from '../../server/src/domain/memory'
import { FrappeHttpError } from '../../server/src/frappe/errors'
import { ADMIN, CLERK, METHOD, TestClient, messageText } from './support/client'
import { createBody, makeItems } from './support/invoices'
import { useTestServers, writeSiteConfig } from './support/server'

const SILENT = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} }
const startServer = useTestServers()
const start = (siteConfig?: Record<string, unknown>) => startServer({ siteConfig })

describe('get_memory_status and force_cleanup', () => {
  it('reports this process against max_memory_mb with the configured levels', async () => {
    const server = await start({ memory_optimization: { max_memory_mb: 100_000 } })
    const clerk = new TestClient(server.url)
    await clerk.login(CLERK)
    const { body } = await clerk.get<{ message: Record<string, unknown> & { process: { rss_mb: number }; usage_ratio: number } }>(
      `${METHOD}.get_memory_status`,
    )
    expect(body.message).toEqual({
      process: {
        rss_mb: expect.any(Number),
        heap_used_mb: expect.any(Number),
        heap_total_mb: expect.any(Number),
        external_mb: expect.any(Number),
      },
      system: { total_mb: expect.any(Number), available_mb: expect.any(Number), used_percent: expect.any(Number) },
      max_memory_mb: 100_000,
      usage_ratio: expect.any(Number),
      level: 'ok',
      gc_available: typeof globalThis.gc === 'function',
      last_cleanup: null,
    })
    expect(body.message.process.rss_mb).toBeGreaterThan(10)
    expect(body.message.usage_ratio).toBeCloseTo(body.message.process.rss_mb / 100_000, 3)
  })

  it('says critical when the process is over force_cleanup_threshold', async () => {
    const server = await start({ memory_optimization: { max_memory_mb: 1 } })
    const clerk = new TestClient(server.url)
    await clerk.login(CLERK)
    const { body } = await clerk.get<{ message: { level: string } }>(`${METHOD}.get_memory_status`)
    expect(body.message.level).toBe('critical')
  })

  it('lets a System Manager force a cleanup, and refuses the clerk with 403', async () => {
    const server = await start()
    const admin = new TestClient(server.url)
    await admin.login(ADMIN)
    const answer = await admin.post<{ message: { before_mb: number; after_mb: number; freed_mb: number } }>(`${METHOD}.force_cleanup`, {})
    expect(answer.status).toBe(200)
    const { before_mb, after_mb, freed_mb } = answer.body.message
    expect(before_mb).toBeGreaterThan(0)
    expect(freed_mb).toBeCloseTo(before_mb - after_mb, 1)
    const status = await admin.get<{ message: { last_cleanup: string | null } }>(`${METHOD}.get_memory_status`)
    expect(Date.parse(status.body.message.last_cleanup ?? '')).not.toBeNaN()

    const clerk = new TestClient(server.url)
    await clerk.login(CLERK)
    const refused = await clerk.post(`${METHOD}.force_cleanup`, {})
    expect(refused.status).toBe(403)
    expect(refused.body).toMatchObject({ exc_type: 'PermissionError' })
    expect((await admin.get(`${METHOD}.force_cleanup`)).status).toBe(403)
  })
})

describe('503 MemoryPressureError under a lowered max_memory_mb', () => {
  it('refuses create with Retry-After and writes nothing', async () => {
    const server = await start({ memory_optimization: { max_memory_mb: 16 } })
    const clerk = new TestClient(server.url)
    await clerk.login(CLERK)
    const answer = await clerk.post(`${METHOD}.create_purchase_invoice`, createBody())
    expect(answer.status).toBe(503)
    expect(answer.body).toMatchObject({ exc_type: 'MemoryPressureError' })
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(messageText(answer.body)).toMatch(/of its 16 MB memory limit; nothing was saved, retry shortly/)
    const list = await clerk.get<{ data: unknown[] }>('/api/resource/Purchase Invoice')
    expect(list.body.data).toEqual([])
    // Reads and the rest of the server keep working.
    expect((await clerk.get('/api/method/ping')).status).toBe(200)
  })

  it('refuses an append after a restart with less memory, then takes the same batch once memory is back', async () => {
    const server = await start()
    const clerk = new TestClient(server.url)
    await clerk.login(CLERK)
    const created = await clerk.post<{ message: InvoiceProgress }>(
      `${METHOD}.create_purchase_invoice`,
      createBody({ expected_items: 100, items: makeItems(50) }),
    )
    const name = created.body.message.name
    const batch = { invoice: name, batch_index: 1, items: makeItems(50, 51) }

    writeSiteConfig(server.dataDir, { memory_optimization: { max_memory_mb: 16 } })
    await server.restart()
    clerk.baseUrl = server.url
    const refused = await clerk.post(`${METHOD}.append_invoice_items`, batch)
    expect(refused.status).toBe(503)
    const doc = await clerk.get<{ data: PurchaseInvoice }>(`/api/resource/Purchase Invoice/${name}`)
    expect(doc.body.data.items).toHaveLength(50)

    writeSiteConfig(server.dataDir, {})
    await server.restart()
    clerk.baseUrl = server.url
    const retried = await clerk.post<{ message: InvoiceProgress }>(`${METHOD}.append_invoice_items`, batch)
    expect(retried.body.message).toMatchObject({ scan_status: 'Complete', items_received: 100 })
  })
})

describe('MemoryGuard inside one request', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })
  const MB = 1024 * 1024
  const usage = (rssMb: number) => ({ rss: rssMb * MB, heapUsed: MB, heapTotal: MB, external: 0, arrayBuffers: 0 })

  async function setup(readings: number[]) {
    const dir = mkdtempSync(join(tmpdir(), 'scanner-memory-test-'))
    dirs.push(dir)
    const db = openDatabase(dir)
    await seedIfEmpty(db, { adminPassword: 'admin', seedDemo: true })
    let call = 0
    // Memory as a test scenario: each reading is one measurement, the last one repeats.
    const readMemory = () => usage(readings[Math.min(call++, readings.length - 1)] ?? 0)
    const memory = new MemoryGuard({ config: { ...DEFAULT_MEMORY_CONFIG, max_memory_mb: 100, batch_size: 50 }, log: SILENT, readMemory })
    return { db, memory, deps: { db, memory, items: new ItemLookup(db) } }
  }

  const CLERK_USER = { name: 'clerk@example.com', full_name: 'Demo Clerk', roles: ['Accounts User'] }

  it('rolls back chunks already written when memory crosses the limit mid-request', async () => {
    // create: 1 reading before the header; append of 120 items: chunk 1 ok, chunk 2 ok, chunk 3 over the limit.
    const { db, deps } = await setup([10, 10, 10, 95])
    const created = createInvoice(deps, createBody({ expected_items: 200, items: makeItems(1) }), 'clerk@example.com')
    let thrown: unknown
    try {
      appendItems(deps, { invoice: created.name, batch_index: 1, items: makeItems(120, 2) }, CLERK_USER)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(FrappeHttpError)
    expect((thrown as FrappeHttpError).statusCode).toBe(503)
    expect(db.prepare('SELECT COUNT(*) FROM purchase_invoice_item WHERE parent = ?').pluck().get(created.name)).toBe(1)
    expect(db.prepare('SELECT COUNT(*) FROM invoice_batch WHERE parent = ?').pluck().get(created.name)).toBe(1)
    expect(db.prepare('SELECT items_received FROM purchase_invoice WHERE name = ?').pluck().get(created.name)).toBe(1)
    db.close()
  })

  it('runs the cleanup tasks before a write opens its transaction, never inside it', async () => {
    const { db, memory, deps } = await setup([10])
    const created = createInvoice(deps, createBody({ expected_items: 200, items: makeItems(1) }), 'clerk@example.com')
    // Critical before the append; the cleanup frees memory, which fills again once the transaction is open.
    let freed = false
    const rss = () => (db.inTransaction || !freed ? 95 : 10)
    const guard = new MemoryGuard({
      config: memory.config,
      log: SILENT,
      readMemory: () => ({ rss: rss() * MB, heapUsed: MB, heapTotal: MB, external: 0, arrayBuffers: 0 }),
    })
    const ranInTransaction: boolean[] = []
    guard.onCleanup(() => {
      ranInTransaction.push(db.inTransaction)
      freed = true
    })
    let thrown: unknown
    try {
      appendItems({ ...deps, memory: guard }, { invoice: created.name, batch_index: 1, items: makeItems(120, 2) }, CLERK_USER)
    } catch (error) {
      thrown = error
    }
    // One cleanup, before the transaction; the critical second chunk aborts without another.
    expect(ranInTransaction).toEqual([false])
    expect((thrown as FrappeHttpError).statusCode).toBe(503)
    expect(db.prepare('SELECT items_received FROM purchase_invoice WHERE name = ?').pluck().get(created.name)).toBe(1)
    db.close()
  })

  it('collects garbage above gc_threshold when enable_gc is on, and carries on when that frees enough', async () => {
    const gc = vi.fn()
    vi.stubGlobal('gc', gc)
    try {
      // 85 MB of 100 is over gc_threshold (0.8); after GC the reading is 60.
      const { db, memory, deps } = await setup([85, 60])
      const created = createInvoice(deps, createBody({ expected_items: 1, items: makeItems(1) }), 'clerk@example.com')
      expect(created.items_received).toBe(1)
      expect(gc).toHaveBeenCalledTimes(1)
      expect(memory.gcAvailable).toBe(true)
      db.close()
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it('does not call gc when enable_gc is off', () => {
    const gc = vi.fn()
    vi.stubGlobal('gc', gc)
    try {
      const memory = new MemoryGuard({
        config: { ...DEFAULT_MEMORY_CONFIG, enable_gc: false, max_memory_mb: 100 },
        log: SILENT,
        readMemory: () => usage(85),
      })
      memory.beforeChunk()
      expect(gc).not.toHaveBeenCalled()
      expect(memory.status().level).toBe('warning')
    } finally {
      vi.unstubAllGlobals()
    }
  })
})

describe('the cleanup timer', () => {
  it('cleans up every cleanup_interval seconds until stopped', () => {
    vi.useFakeTimers()
    try {
      const memory = new MemoryGuard({ config: { ...DEFAULT_MEMORY_CONFIG, cleanup_interval: 60 }, log: SILENT })
      const task = vi.fn()
      memory.onCleanup(task)
      memory.start()
      vi.advanceTimersByTime(59_000)
      expect(task).not.toHaveBeenCalled()
      expect(memory.status().last_cleanup).toBeNull()
      vi.advanceTimersByTime(1_000)
      expect(task).toHaveBeenCalledTimes(1)
      expect(memory.status().last_cleanup).not.toBeNull()
      vi.advanceTimersByTime(120_000)
      expect(task).toHaveBeenCalledTimes(3)
      memory.stop()
      vi.advanceTimersByTime(600_000)
      expect(task).toHaveBeenCalledTimes(3)
    } finally {
      vi.useRealTimers()
    }
  })
})
