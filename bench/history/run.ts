/**
 * `npm run bench:history`: an invoice with 20 attached 2000 px pages opened in History, the app's way
 * (320 px thumbnails made on the device) against the naive way (an `<img>` of each stored page shown at
 * thumbnail size), each in its own fresh Chromium, in the same run. Reports the tab renderer's rise while
 * the thumbnails are shown, its peak, and what stays after GC and a memory-pressure signal. Figures are
 * reported, never asserted; the result goes into docs/benchmarks.md.
 */
import type { Page } from 'playwright-core'
import { launchChromium } from '../../tests/e2e/support/browser'
import { signIn } from '../../tests/e2e/support/app'
import { CLERK, startServer, type RunningServer } from '../../tests/e2e/support/server'
import { writeBenchSection } from '../support/docs'
import { describeMachine, utcMinute } from '../support/machine'
import { findTabRenderer, readTab, startPeak } from '../session/measure'

const PAGES = 20
const METHOD = '/api/method/custom_erp.custom_erp.purchase_invoice.api'

interface Reading {
  method: 'app' | 'naive'
  shownMs: number
  beforeMb: number
  shownMb: number
  peakMb: number
  heldMb: number
  largestThumbPx: number
}

/** Signs in, makes 20 different photo-like 2000×1500 JPEGs in the page and attaches them to one new invoice. */
async function makeInvoice(page: Page): Promise<string> {
  return page.evaluate(
    async ({ method, pages }) => {
      const info = (await (await fetch(`${method}.get_session_info`)).json()) as { message: { csrf_token: string } }
      const headers = { 'x-frappe-csrf-token': info.message.csrf_token }
      const created = await fetch(`${method}.create_purchase_invoice`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({
          client_request_id: `bench-history-${Date.now()}`,
          supplier: 'Rossmann',
          bill_no: `BENCH-${Date.now()}`,
          bill_date: '2026-11-20',
          expected_items: 1,
          items: [{ item_code: 'PAPER-A4', qty: 1, rate: 4.99 }],
        }),
      })
      const name = ((await created.json()) as { message: { name: string } }).message.name
      for (let i = 0; i < pages; i++) {
        const canvas = new OffscreenCanvas(2000, 1500)
        const context = canvas.getContext('2d')!
        context.fillStyle = `hsl(${i * 17} 30% 90%)`
        context.fillRect(0, 0, 2000, 1500)
        context.fillStyle = '#222'
        context.font = '60px sans-serif'
        for (let line = 0; line < 20; line++)
          context.fillText(`Page ${i + 1} · line ${line + 1} · ${(Math.random() * 100).toFixed(2)} EUR`, 60, 90 + line * 70)
        const form = new FormData()
        form.append('doctype', 'Purchase Invoice')
        form.append('docname', name)
        form.append('file', await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.8 }), `page-${i + 1}.jpg`)
        await fetch('/api/method/upload_file', { method: 'POST', headers, body: form })
      }
      return name
    },
    { method: METHOD, pages: PAGES },
  )
}

/** Opens the Invoices page in a fresh Chromium, then shows the invoice's pages one way or the other. */
async function measure(server: RunningServer, invoice: string, method: Reading['method']): Promise<Reading> {
  // Tall enough that all 20 thumbnails are on screen at once, as on a desktop.
  const chromium = await launchChromium({ viewport: { width: 1280, height: 1400 } })
  try {
    const page = await chromium.context.newPage()
    await signIn(page, server, CLERK)
    await page.goto(`${server.url}/invoices`)
    await page.getByRole('heading', { name: 'History' }).waitFor()
    const cdp = await chromium.context.newCDPSession(page)
    const pid = await findTabRenderer(page)
    const before = await readTab(page, cdp, pid, { pressure: true })
    startPeak(pid)
    const started = Date.now()
    if (method === 'app') {
      await page.getByRole('link', { name: invoice }).first().click()
    } else {
      // What the History page did before: each stored page as an <img> at thumbnail size.
      await page.evaluate(async (name) => {
        const query = new URLSearchParams({
          filters: JSON.stringify([['attached_to_name', '=', name]]),
          fields: '["file_url","file_name"]',
        })
        const files = (
          (await (await fetch(`/api/resource/File?${query}`)).json()) as { data: Array<{ file_url: string; file_name: string }> }
        ).data
        const list = document.createElement('div')
        Object.assign(list.style, { display: 'flex', flexWrap: 'wrap', gap: '0.75rem' })
        for (const [i, file] of files.entries()) {
          const img = document.createElement('img')
          Object.assign(img, { src: file.file_url, alt: `Page ${i + 1}: ${file.file_name}` })
          Object.assign(img.style, { width: '8rem', height: '10rem', objectFit: 'cover' })
          list.append(img)
        }
        document.querySelector('main')!.prepend(list)
      }, invoice)
    }
    await page.waitForFunction(
      (count) => {
        const images = [...document.querySelectorAll<HTMLImageElement>('img[alt^="Page "]')]
        return images.length === count && images.every((img) => img.complete && img.naturalWidth > 0)
      },
      PAGES,
      { timeout: 120_000 },
    )
    // Every thumbnail is on screen: wait until all are decoded and a frame with them has been drawn.
    await page.evaluate(async () => {
      if (!document.querySelectorAll('img[alt^="Page "]').length) return
      await Promise.all(
        [...document.querySelectorAll<HTMLImageElement>('img[alt^="Page "]')].map((img) => img.decode().catch(() => undefined)),
      )
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
    })
    const visible = await page.evaluate(
      () =>
        [...document.querySelectorAll<HTMLImageElement>('img[alt^="Page "]')].filter(
          (img) => img.getBoundingClientRect().bottom <= innerHeight,
        ).length,
    )
    if (visible !== PAGES) throw new Error(`only ${visible} of ${PAGES} thumbnails fit on screen`)
    const shownMs = Date.now() - started
    const largestThumbPx = await page.evaluate(() =>
      Math.max(
        ...[...document.querySelectorAll<HTMLImageElement>('img[alt^="Page "]')].map((img) =>
          Math.max(img.naturalWidth, img.naturalHeight),
        ),
      ),
    )
    // Let the thumbnails be drawn, as the clerk would see them.
    await page.waitForTimeout(1000)
    const shown = await readTab(page, cdp, pid)
    const held = await readTab(page, cdp, pid, { pressure: true })
    const mb = (kb: number) => kb / 1024
    return {
      method,
      shownMs,
      beforeMb: mb(before.rssKb),
      shownMb: mb(shown.rssKb),
      peakMb: mb(shown.peakKb),
      heldMb: mb(held.rssKb),
      largestThumbPx,
    }
  } finally {
    await chromium.close()
  }
}

async function main(): Promise<void> {
  const startedAt = Date.now()
  const server = await startServer()
  try {
    const setup = await launchChromium()
    const version = setup.browser?.version() ?? ''
    const page = await setup.context.newPage()
    await signIn(page, server, CLERK)
    const invoice = await makeInvoice(page)
    await setup.close()
    log(`made ${invoice} with ${PAGES} pages`)
    const readings: Reading[] = []
    for (const method of ['app', 'naive'] as const) {
      readings.push(await measure(server, invoice, method))
      log(`${method} done`)
    }
    const markdown = render(readings, version, (Date.now() - startedAt) / 1000)
    console.log(markdown)
    writeBenchSection('history', 'An invoice’s pages in History: app vs naive', markdown)
    log('wrote docs/benchmarks.md')
  } finally {
    await server.stop()
  }
}

function render(readings: Reading[], version: string, seconds: number): string {
  const [app, naive] = readings as [Reading, Reading]
  const n = (value: number) => value.toFixed(0)
  const rise = (r: Reading) => r.shownMb - r.beforeMb
  const row = (r: Reading, label: string) =>
    `| ${label} | ${n(r.shownMs)} ms | ${r.largestThumbPx} px | +${n(rise(r))} MB | +${n(r.peakMb - r.beforeMb)} MB | ${r.heldMb >= r.beforeMb ? '+' : '−'}${n(Math.abs(r.heldMb - r.beforeMb))} MB |`
  return [
    `Measured ${utcMinute()} with \`npm run bench:history\` (${n(seconds)} s).`,
    `Machine: ${describeMachine(version)}`,
    '',
    `One invoice with ${PAGES} attached pages (2000×1500 JPEGs drawn in the browser, about 100 KB each), opened from the Invoices page in a`,
    'fresh Chromium per method, signed in as the demo clerk. **App**: the History detail page, whose thumbnails are made on the device by the',
    'image worker (each page fetched, decoded at 1/8 and encoded at 320 px). **Naive**: the same Invoices page with an `<img>` of each stored',
    "page shown at thumbnail size (8 × 10 rem), which is what History did before. Memory is the tab renderer's `VmRSS` against its reading",
    'on the Invoices page before (after GC and a memory-pressure signal); *peak* is its `VmHWM` while the pages were shown; *held* is read',
    'after GC and another memory-pressure signal with the pages still on screen. All 20 thumbnails are on screen at once (1280×1400 viewport,',
    'as on a desktop); *shown* is the time from opening until all have been decoded and drawn.',
    '',
    '| Method | Shown | Largest thumbnail | Renderer, shown | Peak | Held under pressure |',
    '|---|--:|--:|--:|--:|--:|',
    row(app, 'App: thumbnails made on the device'),
    row(naive, 'Naive: `<img>` of each stored page'),
    '',
    `Naive ÷ app: ${(rise(naive) / Math.max(rise(app), 1)).toFixed(1)}× the renderer rise while shown, ${((naive.peakMb - naive.beforeMb) / Math.max(app.peakMb - app.beforeMb, 1)).toFixed(1)}× the peak;`,
    `the app took ${(app.shownMs / naive.shownMs).toFixed(1)}× the naive time to show them all (it fetches and re-encodes each page, one at a time).`,
  ].join('\n')
}

function log(message: string): void {
  process.stderr.write(`[bench:history] ${message}\n`)
}

await main()
