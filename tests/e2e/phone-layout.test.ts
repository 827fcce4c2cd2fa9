import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { signIn, useApp } from './support/app'
import { CLERK, FIXTURES_DIR } from './support/server'
import { fillHeader, pasteLines } from './support/scanner'

// A clerk's phone (360 × 800): on every route and in every state nothing scrolls sideways, no control is cut off
// at the screen's edge, and everything to tap is a thumb (44 px) big.

const app = useApp({ viewport: { width: 360, height: 800 } })
const RECEIPTS = readdirSync(FIXTURES_DIR)
  .filter((name) => name.endsWith('.jpg'))
  .slice(0, 4)

/** What does not fit: sideways scroll, controls past either edge, and targets under 44 px, named so a failure says which. */
function misfits() {
  return app.page.evaluate(() => {
    const problems: string[] = []
    const overflow = document.documentElement.scrollWidth - window.innerWidth
    if (overflow > 0) problems.push(`page scrolls sideways by ${overflow} px`)
    const name = (element: Element) =>
      `${element.tagName.toLowerCase()} "${(element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 40)}"`
    /** A control inside its own sideways-scrolling box (the page strip) may sit past the edge: the box scrolls. */
    const inScroller = (element: Element) => {
      for (let node = element.parentElement; node && node !== document.body; node = node.parentElement) {
        const style = getComputedStyle(node)
        if (style.overflowX === 'auto' || style.overflowX === 'scroll') return true
      }
      return false
    }
    const controls = [
      ...document.querySelectorAll<HTMLElement>(
        'button, a[href], input:not([type="file"]), select, textarea, label:has(> input[type="file"])',
      ),
    ]
      .filter((element) => element.closest('.skip-link') === null && element.getClientRects().length > 0)
      // A checkbox or radio button is tapped through its label: the label is what must be thumb-sized.
      .map((element) =>
        element instanceof HTMLInputElement && (element.type === 'checkbox' || element.type === 'radio')
          ? (element.closest('label') ?? element)
          : element,
      )
    for (const element of controls) {
      const rect = element.getBoundingClientRect()
      // A link inside a sentence is exempt from the target size, as in WCAG 2.5.8 (it is as tall as its line).
      const inline = element.tagName === 'A' && element.closest('p') !== null
      if (!inline && (rect.width < 44 || rect.height < 44))
        problems.push(`${name(element)} is ${Math.round(rect.width)}×${Math.round(rect.height)}`)
      if (!inScroller(element) && (rect.left < -0.5 || rect.right > window.innerWidth + 0.5)) {
        problems.push(`${name(element)} is cut off (${Math.round(rect.left)}…${Math.round(rect.right)})`)
      }
    }
    return problems
  })
}

/** Creates an invoice with two attached pages through the API, as the app would have sent it. */
async function sendInvoiceWithPages(): Promise<string> {
  const files = RECEIPTS.slice(0, 2).map((name) => readFileSync(join(FIXTURES_DIR, name)).toString('base64'))
  return app.page.evaluate(async (receipts) => {
    const method = '/api/method/custom_erp.custom_erp.purchase_invoice.api'
    const info = (await (await fetch(`${method}.get_session_info`)).json()) as { message: { csrf_token: string } }
    const headers = { 'x-frappe-csrf-token': info.message.csrf_token }
    const created = await fetch(`${method}.create_purchase_invoice`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        client_request_id: `phone-${Date.now()}`,
        supplier: 'Rossmann',
        bill_no: `PHONE-LAYOUT-${Date.now()}`,
        bill_date: '2026-11-20',
        expected_items: 1,
        items: [{ item_code: 'PAPER-A4', qty: 1, rate: 1459.5 }],
      }),
    })
    const invoice = ((await created.json()) as { message: { name: string } }).message.name
    for (const [index, receipt] of receipts.entries()) {
      const form = new FormData()
      form.append('doctype', 'Purchase Invoice')
      form.append('docname', invoice)
      form.append(
        'file',
        new Blob([Uint8Array.from(atob(receipt), (c) => c.charCodeAt(0))], { type: 'image/jpeg' }),
        `receipt-${index + 1}.jpg`,
      )
      await fetch('/api/method/upload_file', { method: 'POST', headers, body: form })
    }
    return invoice
  }, files)
}

describe('on a 360 × 800 phone', () => {
  it('the sign-in page fits', async () => {
    await app.page.goto(`${app.server.appUrl}/login`)
    await app.page.getByRole('button', { name: 'Sign in' }).waitFor()
    expect(await misfits()).toEqual([])
  })

  it('the empty Scanner fits', async () => {
    await signIn(app.page, app.server, CLERK)
    await app.page.getByRole('heading', { level: 1, name: 'Scanner' }).waitFor()
    expect(await misfits()).toEqual([])
  })

  it('the Scanner with pages, a header and long lines fits, the pages in one row with a count', async () => {
    await app.page
      .locator('label', { hasText: 'Add photos' })
      .locator('input')
      .setInputFiles(RECEIPTS.map((name) => join(FIXTURES_DIR, name)))
    await app.page.waitForFunction(
      (count) => document.querySelectorAll('[aria-label="Pages"] > [role="listitem"]').length === count,
      RECEIPTS.length,
      {
        timeout: 60_000,
      },
    )
    await fillHeader(app.page, { search: 'Ross', supplier: /Rossmann/, billNo: 'RE-2026-000123456789' })
    await pasteLines(app.page, 'PAPER-A4\t2\t4,99\nTONER-BLACK-XL\t1\t1459,50')
    expect(await misfits()).toEqual([])
    // The pages sit in one row, so the invoice form is one swipe away rather than a screen of thumbnails.
    const tops = await app.page
      .getByRole('listitem', { name: /^Page \d+$/ })
      .evaluateAll((items) => new Set(items.map((item) => Math.round(item.getBoundingClientRect().top))).size)
    expect(tops).toBe(1)
    await expect.poll(() => app.page.getByRole('heading', { name: /^Pages/ }).textContent()).toContain(`${RECEIPTS.length}`)
  })

  it('Show all lays the pages out in rows, and Show fewer puts them back in one', async () => {
    await app.page.getByRole('button', { name: 'Show all pages' }).click()
    expect(await misfits()).toEqual([])
    const rows = () =>
      app.page
        .getByRole('listitem', { name: /^Page \d+$/ })
        .evaluateAll((items) => new Set(items.map((item) => Math.round(item.getBoundingClientRect().top))).size)
    expect(await rows()).toBeGreaterThan(1)
    await app.page.getByRole('button', { name: 'Show fewer pages' }).click()
    expect(await rows()).toBe(1)
  })

  it('the total and Submit invoice stay on screen while the clerk scrolls the form', async () => {
    // The invoice header at the top of the screen: the end of the form (where the bar sits in the flow) is far below.
    await app.page.getByRole('heading', { name: 'Invoice', exact: true }).evaluate((heading) => heading.scrollIntoView({ block: 'start' }))
    const bar = app.page.getByRole('region', { name: 'Total and submit' })
    const submit = bar.getByRole('button', { name: 'Submit invoice' })
    const box = await submit.boundingBox()
    expect(box).not.toBeNull()
    // Above the bottom navigation, fully inside the screen.
    const nav = await app.page.getByRole('navigation', { name: 'Main' }).boundingBox()
    expect(box!.y + box!.height).toBeLessThanOrEqual(nav!.y)
    expect(box!.y).toBeGreaterThan(400)
    expect(await bar.textContent()).toMatch(/1[.,]?469[.,]48/)
  })

  it('the camera fills the screen in portrait, with the page count, the last page and the shutter in thumb reach', async () => {
    await app.page.getByRole('button', { name: 'Open camera' }).click()
    const shutter = app.page.getByRole('button', { name: 'Take photo' })
    await shutter.waitFor()
    const preview = await app.page.getByLabel('Camera preview').boundingBox()
    expect(preview).toEqual({ x: 0, y: 0, width: 360, height: 800 })
    const box = (await shutter.boundingBox())!
    // In the bottom quarter of the screen, around the middle: where a thumb rests.
    expect(box.y).toBeGreaterThan(600)
    expect(Math.abs(box.x + box.width / 2 - 180)).toBeLessThan(30)
    expect(box.width).toBeGreaterThanOrEqual(56)
    const counter = app.page.getByRole('status').filter({ hasText: /^\d+ pages?$/ })
    await expect.poll(() => counter.textContent()).toBe(`${RECEIPTS.length} pages`)
    await shutter.click()
    await expect.poll(() => counter.textContent(), { timeout: 30_000 }).toBe(`${RECEIPTS.length + 1} pages`)
    await app.page
      .getByRole('img', { name: `Page ${RECEIPTS.length + 1}` })
      .first()
      .waitFor()
    expect(await misfits()).toEqual([])
    await app.page.getByRole('button', { name: 'Done' }).click()
    await shutter.waitFor({ state: 'hidden' })
  })

  it('the page viewer keeps Close on screen and zooms in on a double tap', async () => {
    await app.page
      .getByRole('listitem', { name: 'Page 1' })
      .getByRole('button', { name: /Open page 1/ })
      .click()
    const dialog = app.page.getByRole('dialog', { name: 'Page 1' })
    const image = dialog.getByRole('img', { name: 'Page 1' })
    await image.waitFor()
    expect(await misfits()).toEqual([])
    const close = await dialog.getByRole('button', { name: 'Close' }).boundingBox()
    expect(close!.x + close!.width).toBeLessThanOrEqual(360)
    const before = await image.boundingBox()
    await image.dblclick()
    await expect.poll(async () => (await image.boundingBox())!.width).toBeGreaterThan(before!.width * 1.5)
    // Zoomed in, the page still does not scroll sideways and Close is still where it was.
    expect(await misfits()).toEqual([])
    await dialog.getByRole('button', { name: 'Close' }).click()
    await dialog.waitFor({ state: 'detached' })
  })

  it('Invoices with History rows fits (rows as cards)', async () => {
    await sendInvoiceWithPages()
    await app.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Invoices' }).click()
    await app.page.getByRole('heading', { level: 1, name: 'Invoices' }).waitFor()
    await app.page
      .getByRole('link', { name: /^ACC-PINV-|^PINV-|-/ })
      .first()
      .waitFor()
    expect(await misfits()).toEqual([])
  })

  it('an invoice with its pages, and a page open full size, fits', async () => {
    await app.page.locator('main a[href^="/invoices/"]').first().click()
    await app.page.getByRole('img', { name: /^Page 1: / }).waitFor({ timeout: 30_000 })
    expect(await misfits()).toEqual([])
    await app.page.getByRole('button', { name: 'Open page 1 full size' }).click()
    await app.page.getByRole('img', { name: /^Page 1, full size/ }).waitFor()
    expect(await misfits()).toEqual([])
    await app.page.getByRole('button', { name: 'Close' }).click()
  })

  for (const name of ['Status', 'Settings']) {
    it(`${name} fits`, async () => {
      await app.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click()
      await app.page.getByRole('heading', { level: 1, name }).waitFor()
      expect(await misfits()).toEqual([])
    })
  }
})
