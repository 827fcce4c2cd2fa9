import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { signIn } from './support/app'
import { launchChromium, type LaunchedChromium } from './support/browser'
import { CLERK, startServer, type RunningServer } from './support/server'

// The server under memory pressure refuses writes with 503 MemoryPressureError and Retry-After; the app
// keeps retrying, and once the pressure is gone (here: the server restarted with its normal limit) the
// invoice lands once, with every line. cleanup_interval 2 makes Retry-After 2 s, so the test is quick.
const LINES = 120
const PRESSURE = { memory_optimization: { max_memory_mb: 64, cleanup_interval: 2 } }
const NORMAL = { memory_optimization: { cleanup_interval: 2 } }

const dataDir = mkdtempSync(join(tmpdir(), 'scanner-e2e-pressure-'))
let server: RunningServer
let chromium: LaunchedChromium
let page: Page

beforeAll(async () => {
  server = await startServer({ dataDir, siteConfig: PRESSURE })
  chromium = await launchChromium()
  page = await chromium.context.newPage()
  await signIn(page, server, CLERK)
})
afterAll(async () => {
  await chromium?.close()
  await server?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

async function invoicesWithBill(billNo: string): Promise<Array<{ name: string; items: number }>> {
  const filters = encodeURIComponent(JSON.stringify([['bill_no', '=', billNo]]))
  const list = await page.request.get(`${server.url}/api/resource/Purchase Invoice?filters=${filters}&fields=${encodeURIComponent('["name"]')}`)
  expect(list.status()).toBe(200)
  const names = ((await list.json()) as { data: Array<{ name: string }> }).data.map((row) => row.name)
  return Promise.all(
    names.map(async (name) => {
      const doc = await page.request.get(`${server.url}/api/resource/Purchase Invoice/${encodeURIComponent(name)}`)
      return { name, items: ((await doc.json()) as { data: { items: unknown[] } }).data.items.length }
    }),
  )
}

it('keeps retrying through 503 MemoryPressureError and lands the invoice once the pressure is gone', async () => {
  const billNo = `PRESSURE-${Date.now()}`
  const supplier = page.getByRole('combobox', { name: 'Supplier' })
  await supplier.fill('Hornb')
  await page.getByRole('option', { name: /Hornbach/ }).waitFor()
  await supplier.press('Enter')
  await page.getByLabel('Bill No').fill(billNo)
  await page.getByLabel('Bill Date').fill('2026-11-20')
  await page.getByRole('button', { name: 'Paste lines' }).click()
  await page.getByLabel('Lines to paste').fill(Array.from({ length: LINES }, (_, i) => `PAPER-A4\t${(i % 3) + 1}\t4.99`).join('\n'))
  await page.getByRole('button', { name: 'Add lines' }).click()
  await expect(page.getByTestId('total-items').textContent()).resolves.toBe(String(LINES))

  const refused = page.waitForResponse((r) => r.url().includes('create_purchase_invoice') && r.status() === 503)
  await page.getByRole('button', { name: 'Submit invoice' }).click()
  const answer = await refused
  expect(answer.headers()['retry-after']).toBe('2')
  expect(((await answer.json()) as { exc_type: string }).exc_type).toBe('MemoryPressureError')
  // The app says it will try again, and the server wrote nothing of the refused request.
  await page.getByRole('status').filter({ hasText: /trying again in \d+ s/ }).waitFor()
  await expect(invoicesWithBill(billNo)).resolves.toEqual([])

  // The pressure goes: the server comes back on the same address with its normal memory limit.
  const port = new URL(server.url).port
  await server.stop({ keepData: true })
  server = await startServer({ dataDir, siteConfig: NORMAL, env: { PORT: port } })

  await page.getByRole('heading', { name: 'Invoice sent' }).waitFor({ timeout: 90_000 })
  const sent = await invoicesWithBill(billNo)
  expect(sent).toHaveLength(1)
  expect(sent[0]).toMatchObject({ items: LINES })
  await expect(page.getByTestId('sent-invoice-name').textContent()).resolves.toBe(sent[0]!.name)
})
