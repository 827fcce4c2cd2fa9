import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Item, Supplier } from '../../src/types/frappe'
import { ADMIN, CLERK, TestClient } from './support/client'
import { startTestServer, type TestServer, useTestServers } from './support/server'

const start = useTestServers()

async function adminOf(server: TestServer, pwd: string = ADMIN.pwd) {
  const admin = new TestClient(server.url)
  expect((await admin.login({ usr: 'Administrator', pwd })).status).toBe(200)
  return admin
}

describe('first start', () => {
  it('seeds a few dozen realistic Suppliers and Items with simple item codes', async () => {
    const server = await start()
    const admin = await adminOf(server)
    const suppliers = (await admin.get<{ data: Supplier[] }>('/api/resource/Supplier?fields=["*"]&limit_page_length=0')).body.data
    const items = (await admin.get<{ data: Item[] }>('/api/resource/Item?fields=["*"]&limit_page_length=0')).body.data
    expect(suppliers.length).toBeGreaterThanOrEqual(24)
    expect(suppliers.filter((s) => s.default_currency === 'EUR').length).toBeGreaterThan(suppliers.length / 2)
    expect(items.length).toBeGreaterThanOrEqual(30)
    for (const item of items) {
      expect(item.item_code).toMatch(/^[A-Z0-9][A-Z0-9.-]*$/)
      expect(item.name).toBe(item.item_code)
      expect(['Nos', 'Kg', 'Box', 'Litre', 'Meter']).toContain(item.stock_uom)
      expect(item.standard_rate).toBeGreaterThanOrEqual(0)
    }
  })

  it('uses the given Administrator password, and SCANNER_SEED_DEMO=0 leaves out the clerk and the demo data', async () => {
    const server = await start({ adminPassword: 'another-one', seedDemo: false })
    const admin = await adminOf(server, 'another-one')
    expect((await new TestClient(server.url).login(CLERK)).status).toBe(401)
    expect((await admin.get('/api/resource/Supplier')).body).toEqual({ data: [] })
    expect((await admin.get('/api/resource/Item')).body).toEqual({ data: [] })
  })

  it('seeds only once: a restart with another password keeps the first one and adds no duplicates', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'scanner-seed-test-'))
    let second: TestServer | undefined
    try {
      const first = await startTestServer({ dataDir, adminPassword: 'first' })
      const before = (await (await adminOf(first, 'first')).get<{ data: unknown[] }>('/api/resource/Item?limit_page_length=0')).body.data
      await first.stop()
      second = await startTestServer({ dataDir, adminPassword: 'second' })
      expect((await new TestClient(second.url).login({ usr: 'Administrator', pwd: 'second' })).status).toBe(401)
      const after = (await (await adminOf(second, 'first')).get<{ data: unknown[] }>('/api/resource/Item?limit_page_length=0')).body.data
      expect(after).toEqual(before)
    } finally {
      await second?.stop()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
