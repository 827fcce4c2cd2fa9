/**
 * Drives the built app (served by the embedded server) through the clerk's session in Chromium, as a
 * clerk would: Add photos, Supplier, Bill No, Bill Date, Paste lines, Submit invoice, Start the next
 * invoice. After each invoice it checks what the server stored and reads the tab's memory.
 */
import type { Page, Request } from 'playwright-core'
import { launchChromium } from '../../tests/e2e/support/browser'
import { CLERK, startServer, type RunningServer } from '../../tests/e2e/support/server'
import { countObjectUrls, findTabRenderer, readTab, startPeak } from './measure'
import type { PlannedInvoice } from './plan'
import { describeError, type InvoiceOutcome, type SessionResult } from './session'

const SUPPLIER = { search: 'Hornb', option: /Hornbach/ }
const BILL_DATE = '2026-11-20'
/** Ten receipts, processed and sent, on 2 shared cores: generous, so a slow machine is not a failure. */
const INVOICE_TIMEOUT_MS = 180_000

async function signIn(page: Page, server: RunningServer): Promise<void> {
  await page.goto(`${server.url}/login`)
  await page.getByLabel('Email or user name').fill(CLERK.usr)
  await page.getByLabel('Password').fill(CLERK.pwd)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL(/\/scan$/)
  await page.getByRole('button', { name: 'Submit invoice' }).waitFor()
}

/** Waits until the strip shows `count` pages and nothing is being processed; names any file not added. */
async function waitForPages(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (expected) => {
      const strip = document.querySelector('[role="list"][aria-label="Pages"]')
      const busy = document.querySelector('.progress')?.textContent?.trim()
      const failed = document.querySelector('[aria-label="Files not added"] li')
      return !!failed || (strip?.querySelectorAll(':scope > [role="listitem"]').length === expected && !busy)
    },
    count,
    { timeout: INVOICE_TIMEOUT_MS },
  )
  const failures = await page.locator('[aria-label="Files not added"] li').allTextContents()
  if (failures.length) throw new Error(`files not added: ${failures.join('; ')}`)
}

async function enterInvoice(page: Page, invoice: PlannedInvoice): Promise<void> {
  const supplier = page.getByRole('combobox', { name: 'Supplier' })
  await supplier.fill(SUPPLIER.search)
  await page.getByRole('option', { name: SUPPLIER.option }).waitFor()
  await supplier.press('Enter')
  await page.getByLabel('Bill No').fill(invoice.billNo)
  await page.getByLabel('Bill Date').fill(BILL_DATE)
  await page.getByRole('button', { name: 'Paste lines' }).click()
  await page.getByLabel('Lines to paste').fill(invoice.linesText)
  await page.getByRole('button', { name: 'Add lines' }).click()
  await page.waitForFunction((n) => document.querySelector('[data-testid="total-items"]')?.textContent === String(n), invoice.lineCount)
}

/** Presses Submit invoice and waits for "Invoice sent"; on a refusal or an error, throws what the page said. */
async function submit(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Submit invoice' }).click()
  const sent = page.getByRole('heading', { name: 'Invoice sent' })
  const refused = page.locator('.submit-panel [role="alert"], .invoice-entry .form-error')
  await Promise.race([sent.waitFor({ timeout: INVOICE_TIMEOUT_MS }), refused.first().waitFor({ timeout: INVOICE_TIMEOUT_MS })])
  if (!(await sent.isVisible())) throw new Error(`not sent: ${(await refused.allTextContents()).join(' ')}`)
  return (await page.getByTestId('sent-invoice-name').textContent())?.trim() ?? ''
}

/** What the server has for `name`: its lines and attached Files. */
async function stored(page: Page, server: RunningServer, name: string): Promise<string> {
  const get = async <T>(path: string): Promise<T> => {
    const response = await page.request.get(`${server.url}${path}`)
    if (!response.ok()) throw new Error(`GET ${path}: HTTP ${response.status()}`)
    return (await response.json()) as T
  }
  const invoice = await get<{ data: { items: unknown[]; bill_no: string } }>(`/api/resource/Purchase Invoice/${encodeURIComponent(name)}`)
  const filters = encodeURIComponent(JSON.stringify([['attached_to_name', '=', name]]))
  const files = await get<{ data: unknown[] }>(
    `/api/resource/File?filters=${filters}&fields=${encodeURIComponent('["name"]')}&limit_page_length=0`,
  )
  return `${files.data.length} pages, ${invoice.data.items.length} lines`
}

/** Page records, and drafts with lines or a submission, the app still keeps in its IndexedDB database. */
async function leftInIndexedDb(page: Page): Promise<{ pages: number; draftsWithContent: number }> {
  // No named helpers inside: tsx would wrap them in a `__name` call the page does not have.
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('invoice-scanner')
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => reject(request.error)
    })
    const [drafts, pages] = await Promise.all(
      ['drafts', 'pages'].map(
        (store) =>
          new Promise<Array<{ lines?: unknown[]; submission?: unknown }>>((resolve, reject) => {
            const request = db.transaction(store).objectStore(store).getAll()
            request.onsuccess = () => resolve(request.result)
            request.onerror = () => reject(request.error)
          }),
      ),
    )
    db.close()
    return { pages: pages?.length ?? 0, draftsWithContent: (drafts ?? []).filter((d) => d.lines?.length || d.submission).length }
  })
}

/** Runs the session against a fresh embedded server with a fresh Chromium profile. */
export async function runAppSession(plan: PlannedInvoice[], log: (message: string) => void): Promise<SessionResult & { version: string }> {
  const started = Date.now()
  const server = await startServer()
  const chromium = await launchChromium()
  const result: SessionResult & { version: string } = {
    baseline: null,
    invoices: [],
    afterPressure: null,
    error: null,
    seconds: 0,
    version: chromium.browser?.version() ?? 'unknown',
  }
  // Request body sizes, from the Content-Length Chromium sent (multipart bodies are not visible otherwise).
  const bodySizes: Promise<number>[] = []
  try {
    await countObjectUrls(chromium.context)
    const page = chromium.context.pages()[0] ?? (await chromium.context.newPage())
    page.on('request', (request: Request) => {
      if (!request.url().startsWith(server.url) || request.method() !== 'POST') return
      const inline = request.postDataBuffer()?.length ?? 0
      bodySizes.push(
        request.allHeaders().then(
          (headers) => Number(headers['content-length'] ?? inline),
          () => inline,
        ),
      )
    })
    await signIn(page, server)
    const cdp = await chromium.context.newCDPSession(page)
    const pid = await findTabRenderer(page)
    result.baseline = await readTab(page, cdp, pid)
    for (const invoice of plan) {
      const step = Date.now()
      startPeak(pid)
      bodySizes.length = 0
      try {
        await page.getByLabel('Add photos').setInputFiles(invoice.photos)
        await waitForPages(page, invoice.photos.length)
        await enterInvoice(page, invoice)
        const name = await submit(page)
        const seconds = (Date.now() - step) / 1000
        await page.getByRole('button', { name: 'Start the next invoice' }).click()
        const reading = await readTab(page, cdp, pid)
        const uploadBytes = (await Promise.all(bodySizes)).reduce((sum, size) => sum + size, 0)
        const outcome: InvoiceOutcome = {
          number: invoice.number,
          name,
          stored: await stored(page, server, name),
          seconds,
          uploadBytes,
          reading,
        }
        result.invoices.push(outcome)
        log(`app: invoice ${invoice.number} ${name} (${outcome.stored}) in ${seconds.toFixed(1)} s`)
      } catch (error) {
        result.error = `invoice ${invoice.number}: ${describeError(error)}`
        log(`app: ${result.error}`)
        break
      }
    }
    if (!result.error) {
      try {
        result.afterPressure = await readTab(page, cdp, pid, { pressure: true })
        result.leftInIndexedDb = await leftInIndexedDb(page)
      } catch (error) {
        result.error = `after the last invoice: ${describeError(error)}`
      }
    }
  } catch (error) {
    result.error = describeError(error)
  } finally {
    result.seconds = (Date.now() - started) / 1000
    await chromium.close()
    await server.stop()
  }
  return result
}
