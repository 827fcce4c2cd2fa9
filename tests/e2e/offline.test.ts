import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { useApp } from './support/app'
import { fillHeader, pasteLines, readStore } from './support/scanner'
import { CLERK, FIXTURES_DIR, startServer } from './support/server'

// A phone in a dead spot: the server cannot be reached (here it is stopped) and the tab reloads. The app
// must still open, from what its service worker kept, as the clerk who was signed in, with the draft and
// its pages from IndexedDB, and send nothing until the server is back on the same address.
const RECEIPT = join(FIXTURES_DIR, 'rossmann_27022020_01_00195.jpg')
const dataDir = mkdtempSync(join(tmpdir(), 'scanner-e2e-offline-'))
// Registered first, so it runs after useApp's afterAll has stopped the server (after-hooks run as a stack).
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))
const app = useApp({ server: { dataDir }, signInAs: CLERK })

/** Each saved draft as `bill_no:number of lines`: what a reload would find in IndexedDB. */
async function savedDrafts(): Promise<string[]> {
  const drafts = await readStore<{ header: { bill_no: string }; lines: unknown[] }>(app.page, 'drafts')
  return drafts.map((draft) => `${draft.header.bill_no}:${draft.lines.filter((line) => (line as { item_code?: string }).item_code).length}`)
}

it('opens with the server gone, as the last clerk with the draft and its pages, and sends once the server is back', async () => {
  // The service worker installs on the first visit and controls the page from the next load on.
  await app.page.evaluate(async () => void (await navigator.serviceWorker.ready))
  await app.page.reload()
  await expect(app.page.evaluate(() => navigator.serviceWorker.controller !== null)).resolves.toBe(true)

  const billNo = `OFFLINE-${Date.now()}`
  await app.page.locator('input[type="file"]').first().setInputFiles([RECEIPT])
  await app.page.getByRole('listitem', { name: 'Page 1' }).waitFor({ timeout: 60_000 })
  await fillHeader(app.page, { search: 'Rossm', supplier: /Rossmann/, billNo })
  await pasteLines(app.page, 'PAPER-A4\t2\t4,99')
  // The reload below must find the header and the pasted line saved (the draft is saved a moment after typing).
  await expect.poll(savedDrafts).toContain(`${billNo}:1`)

  // A proxy answering 502 for the page (nginx in front of a restarting backend) gets the kept shell too.
  await app.chromium.context.route(`${app.server.url}/scan`, (route) =>
    route.fulfill({ status: 502, contentType: 'text/html', body: '<h1>502 Bad Gateway</h1>' }),
  )
  await app.page.reload()
  await app.page.getByRole('button', { name: 'Submit invoice' }).waitFor()
  await expect(app.page.getByText('502 Bad Gateway').count()).resolves.toBe(0)
  await app.chromium.context.unrouteAll()

  const port = new URL(app.server.url).port
  await app.server.stop({ keepData: true })
  await app.page.reload()

  await app.page.getByText('Offline: you can keep scanning and typing').waitFor()
  await expect(app.page.getByText(CLERK.fullName).first().isVisible()).resolves.toBe(true)
  expect(new URL(app.page.url()).pathname).toBe('/scan')
  await app.page.getByRole('listitem', { name: 'Page 1' }).waitFor()
  // The thumbnail from IndexedDB and the app icon from the worker's copy both draw.
  await expect
    .poll(() => app.page.getByRole('img', { name: 'Page 1' }).evaluate((img: HTMLImageElement) => img.naturalWidth))
    .toBeGreaterThan(0)
  await expect
    .poll(() =>
      app.page
        .locator('header img')
        .first()
        .evaluate((img: HTMLImageElement) => img.naturalWidth),
    )
    .toBeGreaterThan(0)
  await expect(app.page.getByLabel('Bill No').inputValue()).resolves.toBe(billNo)
  await expect(app.page.getByTestId('total-items').textContent()).resolves.toBe('1')
  // The Outbox opens too (its code came from the service worker's copy).
  await app.page.getByRole('link', { name: 'Invoices' }).first().click()
  await app.page.getByRole('listitem', { name: `Rossmann · ${billNo}` }).waitFor()
  await app.page.getByRole('link', { name: 'Scanner' }).first().click()

  await app.page.getByRole('button', { name: 'Submit invoice' }).click()
  await app.page.getByText('Offline: sending resumes when the network is back.').first().waitFor()

  app.server = await startServer({ dataDir, env: { PORT: port } })
  // No 'online' event comes (the browser never lost its network): the app asks the server again by itself.
  await app.page.getByRole('heading', { name: 'Invoice sent' }).waitFor({ timeout: 60_000 })
  const name = (await app.page.getByTestId('sent-invoice-name').textContent()) ?? ''
  const invoice = await app.page.request.get(`${app.server.url}/api/resource/Purchase Invoice/${encodeURIComponent(name)}`)
  const doc = ((await invoice.json()) as { data: { bill_no: string; items: unknown[]; status: string; scan_status: string } }).data
  expect(doc).toMatchObject({ bill_no: billNo, status: 'Draft', scan_status: 'Complete' })
  expect(doc.items).toHaveLength(1)
  await expect(app.page.getByText('Offline: you can keep scanning').count()).resolves.toBe(0)
})
