import { join } from 'node:path'
import type { Route } from 'playwright-core'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { useApp } from './support/app'
import { countObjectUrls, type ObjectUrlCount } from './support/objectUrls'
import { pasteLines as pasteLinesInto, readStore, pageAction } from './support/scanner'
import { CLERK, FIXTURES_DIR } from './support/server'

// Real receipts from the shared fixtures (CC-BY-4.0), referenced in place.
const RECEIPTS = ['hornbach_23092016_03_15200.jpg', 'ikea_08102016_12_13439.jpg', 'aldi_02032020_19_02423.jpg'].map((f) =>
  join(FIXTURES_DIR, f),
)
const ITEM_CODES = ['PAPER-A4', 'PEN-BLUE', 'STAPLER', 'FOLDER-A4', 'BATTERY-AA', 'SCREW-4X40', 'COFFEE-BEANS', 'TIMBER-PINE']
const LINE_COUNT = 230

let billCounter = 0
/** The invoice the first test sent, for the History test. */
let firstSent: { name: string; billNo: string } | null = null

/** 230 tab-separated rows as a spreadsheet copies them: item code, qty, rate (with a decimal comma). */
function spreadsheetRows(count = LINE_COUNT): { text: string; total: number } {
  let cents = 0
  const rows = Array.from({ length: count }, (_, i) => {
    const qty = (i % 4) + 1
    const rateCents = 100 + (i % 7) * 25
    cents += qty * rateCents
    return `${ITEM_CODES[i % ITEM_CODES.length]}\t${qty}\t${Math.floor(rateCents / 100)},${String(rateCents % 100).padStart(2, '0')}`
  })
  return { text: rows.join('\n'), total: cents / 100 }
}

async function api<T>(path: string): Promise<T> {
  const response = await app.page.request.get(`${app.server.url}${path}`)
  expect(response.status(), await response.text()).toBe(200)
  return (await response.json()) as T
}

async function serverInvoice(name: string) {
  const { data } = await api<{ data: { items: unknown[]; grand_total: number; scan_status: string } }>(
    `/api/resource/Purchase Invoice/${encodeURIComponent(name)}`,
  )
  const files = await api<{ data: unknown[] }>(
    `/api/resource/File?filters=${encodeURIComponent(JSON.stringify([['attached_to_name', '=', name]]))}&fields=${encodeURIComponent('["name"]')}`,
  )
  return { lines: data.items.length, total: data.grand_total, scan_status: data.scan_status, attachments: files.data.length }
}

async function addPages(): Promise<void> {
  await app.page.locator('input[type="file"]').first().setInputFiles(RECEIPTS)
  await app.page.getByRole('listitem', { name: `Page ${RECEIPTS.length}` }).waitFor({ timeout: 60_000 })
}

async function fillHeader(billNo: string): Promise<void> {
  const supplier = app.page.getByRole('combobox', { name: 'Supplier' })
  await supplier.fill('Hornb')
  await app.page.getByRole('option', { name: /Hornbach/ }).waitFor()
  await expect(supplier.getAttribute('aria-expanded')).resolves.toBe('true')
  await supplier.press('Enter')
  await expect(app.page.getByLabel('Currency').inputValue()).resolves.toBe('EUR')
  await app.page.getByLabel('Bill No').fill(billNo)
  await app.page.getByLabel('Bill Date').fill('2026-11-20')
}

const pasteLines = (text: string) => pasteLinesInto(app.page, text)

/** Everything the app keeps of drafts on this device: draft records with content, and page records. */
async function leftOnDevice(): Promise<{ drafts: number; pages: number; objectUrls: number }> {
  const drafts = await readStore<{ lines: unknown[]; submission: unknown }>(app.page, 'drafts')
  const pages = await readStore<unknown>(app.page, 'pages')
  const objectUrls = await app.page.evaluate(() => (window as unknown as { __urls?: ObjectUrlCount }).__urls?.live.size ?? -1)
  return { drafts: drafts.filter((d) => d.lines.length || d.submission).length, pages: pages.length, objectUrls }
}

/** Enters and sends a 230-line, 3-page invoice; `route` may interfere with the traffic. Returns the invoice name. */
async function sendInvoice(options: { duringSend?: () => Promise<void> } = {}): Promise<{ name: string; billNo: string; total: number }> {
  const billNo = `E2E-${Date.now()}-${++billCounter}`
  await addPages()
  await fillHeader(billNo)
  const { text, total } = spreadsheetRows()
  await pasteLines(text)
  await expect(app.page.getByTestId('total-items').textContent()).resolves.toBe(String(LINE_COUNT))
  // Money is shown in the browser's locale (src/lib/localeFormat.ts).
  const money = new Intl.NumberFormat(await app.page.evaluate(() => navigator.language), { style: 'currency', currency: 'EUR' }).format(
    total,
  )
  await expect(app.page.getByTestId('grand-total').textContent()).resolves.toBe(money)
  await app.page.getByRole('button', { name: 'Submit invoice' }).click()
  await options.duringSend?.()
  await app.page.getByRole('heading', { name: 'Invoice sent' }).waitFor({ timeout: 90_000 })
  const name = (await app.page.getByTestId('sent-invoice-name').textContent()) ?? ''
  expect(name).toMatch(/^ACC-PINV-\d{4}-\d{5}$/)
  await expect(app.page.getByTestId('sent-grand-total').textContent()).resolves.toBe(money)
  return { name, billNo, total }
}

function appendBatchIndex(route: Route): number | null {
  const body = route.request().postData()
  if (!body) return null
  try {
    return (JSON.parse(body) as { batch_index?: number }).batch_index ?? null
  } catch {
    return null
  }
}

// Counts live object URLs, so the test can see that none is left behind.
const app = useApp({ initScript: countObjectUrls, signInAs: CLERK })
afterAll(async () => {
  await app.chromium?.context.setOffline(false)
})
beforeEach(async () => {
  await app.page.unrouteAll({ behavior: 'wait' })
  await app.page.goto(`${app.server.appUrl}/scan`)
  await app.page.getByRole('button', { name: 'Submit invoice' }).waitFor()
})

describe('sending an invoice', () => {
  it('lands 230 pasted lines and 3 pages exactly once, then leaves no draft, Blob or object URL', async () => {
    const { name, total, billNo } = await sendInvoice()
    firstSent = { name, billNo }
    await expect(serverInvoice(name)).resolves.toEqual({ lines: LINE_COUNT, total, scan_status: 'Complete', attachments: 3 })
    await expect(leftOnDevice()).resolves.toEqual({ drafts: 0, pages: 0, objectUrls: 0 })
    await app.page.getByRole('link', { name: `Open ${name}` }).click()
    await app.page.waitForURL(new RegExp(`/invoices/${name}$`))
    await expect(app.page.getByTestId('detail-items').textContent()).resolves.toBe(String(LINE_COUNT))
    await expect(app.page.getByRole('button', { name: /Open page \d full size/ }).count()).resolves.toBe(3)
  })

  it('survives the network being cut on the third batch and restored', async () => {
    let cut = 0
    await app.page.route('**/api/method/**append_invoice_items', async (route) => {
      if (appendBatchIndex(route) === 2 && cut < 2) {
        cut++
        return route.abort('internetdisconnected')
      }
      return route.continue()
    })
    const { name, total } = await sendInvoice()
    expect(cut).toBe(2)
    await expect(serverInvoice(name)).resolves.toEqual({ lines: LINE_COUNT, total, scan_status: 'Complete', attachments: 3 })
    await expect(leftOnDevice()).resolves.toEqual({ drafts: 0, pages: 0, objectUrls: 0 })
  })

  it('resumes after a page reload in the middle of sending, storing no line twice', async () => {
    let reload: Promise<unknown> | null = null
    await app.page.route('**/api/method/**append_invoice_items', async (route) => {
      if (appendBatchIndex(route) === 2 && !reload) {
        // The server stores batch 2, but its answer never reaches the page: the page reloads first.
        await route.fetch()
        reload = app.page.reload()
        return route.abort('aborted').catch(() => undefined)
      }
      return route.continue()
    })
    const { name, total } = await sendInvoice({
      duringSend: async () => {
        await expect.poll(() => reload !== null, { timeout: 60_000 }).toBe(true)
        await reload
      },
    })
    await expect(serverInvoice(name)).resolves.toEqual({ lines: LINE_COUNT, total, scan_status: 'Complete', attachments: 3 })
    await expect(leftOnDevice()).resolves.toEqual({ drafts: 0, pages: 0, objectUrls: 0 })
  })
  it('pauses while the device is offline, shows it in the Outbox, and finishes when back online', async () => {
    let wentOffline = false
    await app.page.route('**/api/method/**append_invoice_items', async (route) => {
      if (appendBatchIndex(route) === 1 && !wentOffline) {
        wentOffline = true
        await app.chromium.context.setOffline(true)
        return route.abort('internetdisconnected')
      }
      return route.continue()
    })
    // The Invoices page has not been visited in this page load: its code was preloaded, so it opens offline.
    const billNo = `OFF-${Date.now()}`
    await addPages()
    await fillHeader(billNo)
    const { text, total } = spreadsheetRows()
    await pasteLines(text)
    await app.page.getByRole('button', { name: 'Submit invoice' }).click()
    await app.page.getByText(/^Paused/).waitFor({ timeout: 60_000 })

    await app.page.getByRole('link', { name: 'Invoices' }).first().click()
    const entry = app.page.getByRole('listitem', { name: `Hornbach · ${billNo}` })
    await entry.waitFor()
    await expect(entry.textContent()).resolves.toMatch(/Paused, resumes when online.*ACC-PINV-/)

    await app.chromium.context.setOffline(false)
    await app.page.getByText('Nothing waiting').waitFor({ timeout: 60_000 })
    const name = await app.page.evaluate(async (bill) => {
      const query = new URLSearchParams({ filters: JSON.stringify([['bill_no', '=', bill]]), fields: '["name"]' })
      const answer = (await (await fetch(`/api/resource/Purchase Invoice?${query}`)).json()) as { data: Array<{ name: string }> }
      return answer.data[0]?.name ?? ''
    }, billNo)
    await expect(serverInvoice(name)).resolves.toEqual({ lines: LINE_COUNT, total, scan_status: 'Complete', attachments: 3 })
    await expect(leftOnDevice()).resolves.toEqual({ drafts: 0, pages: 0, objectUrls: 0 })
  })

  it('sends a page turned on the Scanner the way the clerk sees it', async () => {
    await app.page.locator('input[type="file"]').first().setInputFiles([RECEIPTS[0]!])
    await app.page.getByRole('listitem', { name: 'Page 1' }).waitFor({ timeout: 60_000 })
    // What the clerk sees: the stored page, turned by any rotation kept on the record (a page made from a photo
    // is made again in the worker already turned, and keeps no rotation).
    const shownPage = async () => {
      const [page] = await readStore<{ width: number; height: number; rotation: number }>(app.page, 'pages')
      if (!page) return null
      return page.rotation % 180 === 90 ? { width: page.height, height: page.width } : { width: page.width, height: page.height }
    }
    const before = (await shownPage())!
    expect(before.width).not.toBe(before.height)
    await pageAction(app.page, 1, 'Rotate')
    await expect.poll(shownPage, { timeout: 30_000 }).toEqual({ width: before.height, height: before.width })

    await fillHeader(`ROT-${Date.now()}`)
    await pasteLines('PAPER-A4\t1\t4,99')
    await app.page.getByRole('button', { name: 'Submit invoice' }).click()
    await app.page.getByRole('heading', { name: 'Invoice sent' }).waitFor({ timeout: 60_000 })
    const name = (await app.page.getByTestId('sent-invoice-name').textContent()) ?? ''
    const files = await api<{ data: Array<{ file_url: string }> }>(
      `/api/resource/File?filters=${encodeURIComponent(JSON.stringify([['attached_to_name', '=', name]]))}&fields=${encodeURIComponent('["file_url"]')}`,
    )
    expect(files.data).toHaveLength(1)
    const sent = await app.page.evaluate(async (url) => {
      const bitmap = await createImageBitmap(await (await fetch(url)).blob())
      const size = { width: bitmap.width, height: bitmap.height }
      bitmap.close()
      return size
    }, files.data[0]!.file_url)
    expect(sent).toEqual({ width: before.height, height: before.width })
  })
})

describe('discarding in the Outbox', () => {
  it('takes a partly sent invoice back from the server, and keeps the draft whole while the server cannot be reached', async () => {
    // The server turns down the third batch, so the invoice stays Receiving with 100 of its 230 lines.
    await app.page.route('**/api/method/**append_invoice_items', (route) =>
      appendBatchIndex(route) === 2
        ? route.fulfill({
            status: 417,
            contentType: 'application/json',
            body: JSON.stringify({
              exc_type: 'ValidationError',
              _server_messages: JSON.stringify([JSON.stringify({ message: 'Turned down for this test' })]),
            }),
          })
        : route.continue(),
    )
    const billNo = `DISCARD-${Date.now()}`
    await addPages()
    await fillHeader(billNo)
    await pasteLines(spreadsheetRows().text)
    await app.page.getByRole('button', { name: 'Submit invoice' }).click()
    await app.page.getByText('Turned down for this test').first().waitFor({ timeout: 60_000 })

    await app.page.getByRole('link', { name: 'Invoices' }).first().click()
    const entry = app.page.getByRole('listitem', { name: `Hornbach · ${billNo}` })
    await expect.poll(() => entry.textContent()).toMatch(/Stopped by the server.*ACC-PINV-\d{4}-\d{5}/)
    const name = (await entry.getByRole('link', { name: /^ACC-PINV-/ }).textContent()) ?? ''
    await expect(serverInvoice(name)).resolves.toMatchObject({ lines: 100, scan_status: 'Receiving' })
    // Linked from its Outbox entry and from History.
    await expect.poll(() => app.page.getByRole('link', { name }).count()).toBe(2)

    // No way to the server: nothing is thrown away, and the clerk is told why.
    await app.page.route('**/api/resource/**', (route) =>
      route.request().method() === 'DELETE' ? route.abort('internetdisconnected') : route.continue(),
    )
    await entry.getByRole('button', { name: 'Discard' }).click()
    await entry.getByRole('button', { name: 'Yes, discard' }).click()
    await expect(app.page.getByRole('alert').filter({ hasText: 'Not discarded' }).textContent()).resolves.toBe(
      `Not discarded: ${name} holds part of this invoice on the server and could not be removed. Could not reach the server. Check the connection and try again.`,
    )
    await expect(entry.isVisible()).resolves.toBe(true)
    await expect(serverInvoice(name)).resolves.toMatchObject({ lines: 100, scan_status: 'Receiving' })

    await app.page.unroute('**/api/resource/**')
    await entry.getByRole('button', { name: 'Discard' }).click()
    await entry.getByRole('button', { name: 'Yes, discard' }).click()
    await app.page
      .getByRole('status')
      .filter({ hasText: `Discarded, and ${name} was removed from the server.` })
      .waitFor()
    await expect(entry.count()).resolves.toBe(0)
    // History asked the server again: the invoice is no longer listed.
    await expect.poll(() => app.page.getByRole('link', { name }).count()).toBe(0)
    const gone = await app.page.request.get(`${app.server.url}/api/resource/Purchase Invoice/${encodeURIComponent(name)}`)
    expect(gone.status()).toBe(404)
    await expect(leftOnDevice()).resolves.toMatchObject({ drafts: 0, pages: 0 })
  })
})

describe('the Invoices page', () => {
  it('finds a sent invoice in History by Bill No and opens its pages full size', async () => {
    expect(firstSent).not.toBeNull()
    await app.page.getByRole('link', { name: 'Invoices' }).first().click()
    await app.page.getByLabel('Search by supplier or Bill No').fill(firstSent!.billNo)
    // The other invoices this file sent go once the search has been applied.
    await expect.poll(() => app.page.locator('section[aria-labelledby="history-title"] tbody tr').count(), { timeout: 10_000 }).toBe(1)
    await app.page.getByRole('link', { name: firstSent!.name }).click()
    await app.page.getByRole('button', { name: 'Open page 2 full size' }).click()
    const full = app.page.getByRole('img', { name: /^Page 2, full size/ })
    await full.waitFor()
    await expect.poll(() => full.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true)
    await app.page.getByRole('button', { name: 'Close' }).click()
    await expect(full.isVisible()).resolves.toBe(false)
  })
})

describe('before sending', () => {
  it('catches a Bill No the supplier already used and links to that invoice', async () => {
    const { text } = spreadsheetRows(2)
    const billNo = `DUP-${Date.now()}`
    await fillHeader(billNo)
    await pasteLines(text)
    await app.page.getByRole('button', { name: 'Submit invoice' }).click()
    await app.page.getByRole('heading', { name: 'Invoice sent' }).waitFor({ timeout: 60_000 })
    const first = (await app.page.getByTestId('sent-invoice-name').textContent()) ?? ''
    await app.page.getByRole('button', { name: 'Start the next invoice' }).click()

    let creates = 0
    await app.page.route('**/api/method/**create_purchase_invoice', (route) => {
      creates++
      return route.continue()
    })
    await fillHeader(billNo)
    const warning = app.page.getByRole('alert').filter({ hasText: 'is already on' })
    await warning.waitFor()
    await expect(warning.getByRole('link', { name: first }).getAttribute('href')).resolves.toBe(`/invoices/${first}`)
    expect(creates).toBe(0)
  })

  it('flags an unknown item and a bad number on their rows and does not send', async () => {
    let creates = 0
    await app.page.route('**/api/method/**create_purchase_invoice', (route) => {
      creates++
      return route.continue()
    })
    await fillHeader(`BAD-${Date.now()}`)
    await pasteLines('PAPER-A4\t2\t4,99\nNO-SUCH-ITEM\t1\t2\nPEN-BLUE\tlots\t0,89')
    const unknownItem = app.page.getByRole('combobox', { name: 'Item, line 2' })
    await expect.poll(() => unknownItem.getAttribute('aria-invalid')).toBe('true')
    await expect(app.page.getByText('Unknown item NO-SUCH-ITEM').isVisible()).resolves.toBe(true)
    await expect(app.page.getByRole('textbox', { name: 'Qty, line 3' }).getAttribute('aria-invalid')).resolves.toBe('true')
    await expect(app.page.getByRole('combobox', { name: 'Item, line 1' }).getAttribute('aria-invalid')).resolves.toBeNull()

    await app.page.getByRole('button', { name: 'Submit invoice' }).click()
    await expect(app.page.getByRole('alert').filter({ hasText: 'Fix the fields marked in red' }).isVisible()).resolves.toBe(true)
    expect(creates).toBe(0)
  })
})
