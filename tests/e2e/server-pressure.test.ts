import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { useApp } from './support/app'
import { fillHeader, pasteLines } from './support/scanner'
import { CLERK, startServer } from './support/server'

// The server under memory pressure refuses writes with 503 MemoryPressureError and Retry-After; the app
// keeps retrying, and once the pressure is gone (here: the server restarted with its normal limit) the
// invoice lands once, with every line. cleanup_interval 2 makes Retry-After 2 s, so the test is quick.
const LINES = 120
const PRESSURE = { memory_optimization: { max_memory_mb: 64, cleanup_interval: 2 } }
const NORMAL = { memory_optimization: { cleanup_interval: 2 } }

const dataDir = mkdtempSync(join(tmpdir(), 'scanner-e2e-pressure-'))
// Registered first, so it runs after useApp's afterAll has stopped the server (after-hooks run as a stack).
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))
const app = useApp({ server: { dataDir, siteConfig: PRESSURE }, signInAs: CLERK })

async function invoicesWithBill(billNo: string): Promise<Array<{ name: string; items: number }>> {
  const filters = encodeURIComponent(JSON.stringify([['bill_no', '=', billNo]]))
  const list = await app.page.request.get(
    `${app.server.url}/api/resource/Purchase Invoice?filters=${filters}&fields=${encodeURIComponent('["name"]')}`,
  )
  expect(list.status()).toBe(200)
  const names = ((await list.json()) as { data: Array<{ name: string }> }).data.map((row) => row.name)
  return Promise.all(
    names.map(async (name) => {
      const doc = await app.page.request.get(`${app.server.url}/api/resource/Purchase Invoice/${encodeURIComponent(name)}`)
      return { name, items: ((await doc.json()) as { data: { items: unknown[] } }).data.items.length }
    }),
  )
}

it('keeps retrying through 503 MemoryPressureError and lands the invoice once the pressure is gone', async () => {
  const billNo = `PRESSURE-${Date.now()}`
  await fillHeader(app.page, { search: 'Hornb', supplier: /Hornbach/, billNo })
  await pasteLines(app.page, Array.from({ length: LINES }, (_, i) => `PAPER-A4\t${(i % 3) + 1}\t4.99`).join('\n'))
  await expect(app.page.getByTestId('total-items').textContent()).resolves.toBe(String(LINES))

  const refused = app.page.waitForResponse((r) => r.url().includes('create_purchase_invoice') && r.status() === 503)
  await app.page.getByRole('button', { name: 'Submit invoice' }).click()
  const answer = await refused
  expect(answer.headers()['retry-after']).toBe('2')
  expect(((await answer.json()) as { exc_type: string }).exc_type).toBe('MemoryPressureError')
  // The app says it will try again, and the server wrote nothing of the refused request.
  await app.page
    .getByRole('status')
    .filter({ hasText: /trying again in \d+ s/ })
    .waitFor()
  await expect(invoicesWithBill(billNo)).resolves.toEqual([])

  // The pressure goes: the server comes back on the same address with its normal memory limit.
  const port = new URL(app.server.url).port
  await app.server.stop({ keepData: true })
  app.server = await startServer({ dataDir, siteConfig: NORMAL, env: { PORT: port } })

  await app.page.getByRole('heading', { name: 'Invoice sent' }).waitFor({ timeout: 90_000 })
  const sent = await invoicesWithBill(billNo)
  expect(sent).toHaveLength(1)
  expect(sent[0]).toMatchObject({ items: LINES })
  await expect(app.page.getByTestId('sent-invoice-name').textContent()).resolves.toBe(sent[0]!.name)
})
