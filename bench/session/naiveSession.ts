/**
 * Drives the naive page (bench/session/naive/) through the same clerk's session: same photos, same lines,
 * same number of invoices, each posted as one JSON body to the stub server.
 */
import type { Page } from 'playwright-core'
import { launchChromium } from '../../tests/e2e/support/browser'
import { countObjectUrls, findTabRenderer, readTab, startPeak } from './measure'
import { startNaiveServer } from './naiveServer'
import type { PlannedInvoice } from './plan'
import { describeError, type SessionResult } from './session'

const INVOICE_TIMEOUT_MS = 180_000

async function enterInvoice(page: Page, invoice: PlannedInvoice): Promise<void> {
  await page.getByLabel('Supplier').fill('Hornbach')
  await page.getByLabel('Bill No').fill(invoice.billNo)
  await page.getByLabel('Bill Date').fill('2026-11-20')
  await page.getByRole('button', { name: 'Paste lines' }).click()
  await page.getByLabel('Lines to paste').fill(invoice.linesText)
  await page.getByRole('button', { name: 'Add lines' }).click()
  await page.waitForFunction((n) => document.getElementById('total-items')?.textContent === String(n), invoice.lineCount)
}

/** Runs the session on the naive page in a fresh Chromium profile. */
export async function runNaiveSession(plan: PlannedInvoice[], log: (message: string) => void): Promise<SessionResult> {
  const started = Date.now()
  const server = await startNaiveServer()
  const chromium = await launchChromium()
  const result: SessionResult = { baseline: null, invoices: [], afterPressure: null, error: null, seconds: 0 }
  try {
    await countObjectUrls(chromium.context)
    const page = chromium.context.pages()[0] ?? (await chromium.context.newPage())
    await page.goto(`${server.url}/`)
    const cdp = await chromium.context.newCDPSession(page)
    const pid = await findTabRenderer(page)
    result.baseline = await readTab(page, cdp, pid)
    for (const invoice of plan) {
      const step = Date.now()
      startPeak(pid)
      try {
        await page.getByLabel('Add photos').setInputFiles(invoice.photos)
        await page.waitForFunction(
          (n) => document.querySelectorAll('#strip > li').length === n && !document.getElementById('processing')?.textContent,
          invoice.photos.length,
          { timeout: INVOICE_TIMEOUT_MS },
        )
        await enterInvoice(page, invoice)
        await page.getByRole('button', { name: 'Submit invoice' }).click()
        await page.waitForFunction(() => /^(Invoice sent|Not sent)/.test(document.getElementById('result')?.textContent ?? ''), undefined, {
          timeout: INVOICE_TIMEOUT_MS,
        })
        const said = (await page.locator('#result').textContent()) ?? ''
        if (!said.startsWith('Invoice sent')) throw new Error(said)
        const seconds = (Date.now() - step) / 1000
        const receipt = server.received.at(-1)
        if (!receipt || receipt.billNo !== invoice.billNo) throw new Error(`the stub did not receive Bill No ${invoice.billNo}`)
        const reading = await readTab(page, cdp, pid)
        result.invoices.push({
          number: invoice.number,
          name: receipt.name,
          stored: `${receipt.pages} pages, ${receipt.lines} lines`,
          seconds,
          uploadBytes: receipt.bodyBytes,
          reading,
        })
        log(
          `naive: invoice ${invoice.number} ${receipt.name} (${receipt.pages} pages, ${(receipt.bodyBytes / 1024 ** 2).toFixed(1)} MB JSON) in ${seconds.toFixed(1)} s`,
        )
      } catch (error) {
        result.error = `invoice ${invoice.number}: ${describeError(error)}`
        log(`naive: ${result.error}`)
        break
      }
    }
    if (!result.error) {
      try {
        result.afterPressure = await readTab(page, cdp, pid, { pressure: true })
        result.heldDataUrls = await page.evaluate(() => {
          const state = (window as unknown as { naiveState: { sent: Array<{ pages: Array<{ content: string }> }> } }).naiveState
          const held = state.sent.flatMap((invoice) => invoice.pages.map((page) => page.content))
          return { count: held.length, megabytes: held.reduce((sum, url) => sum + url.length, 0) / 1024 ** 2, distinct: new Set(held).size }
        })
      } catch (error) {
        result.error = `after the last invoice: ${describeError(error)}`
      }
    }
  } catch (error) {
    result.error = describeError(error)
  } finally {
    result.seconds = (Date.now() - started) / 1000
    await chromium.close()
    await server.close()
  }
  return result
}
