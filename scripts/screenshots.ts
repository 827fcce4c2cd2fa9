/**
 * Redraws the README's screenshots (docs/screenshots/*.png) from the built app, as a clerk would see it: the
 * embedded server with its demo data, Debian's Chromium, real receipt photos from ../shared/fixtures.
 * Run `npm run build` first; then `npm run screenshots`.
 *
 * - scanner.png (desktop, 1366×900): an uncropped receipt photo, found and flattened into a page, the header
 *   read from it, two lines pasted;
 * - phone.png (360×800): the same invoice on a phone;
 * - cropped.png: that page opened full size, cropped and straightened from a photo of the receipt on a desk.
 */
import { join, resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { signIn } from '../tests/e2e/support/app'
import { launchChromium } from '../tests/e2e/support/browser'
import { pasteLines } from '../tests/e2e/support/scanner'
import { CLERK, FIXTURES_DIR, REPO_ROOT, startServer } from '../tests/e2e/support/server'

const OUT = resolve(REPO_ROOT, 'docs/screenshots')
// A receipt photographed on a desk, with the paper at an angle: the page the app makes is the paper alone.
const PHOTO = join(FIXTURES_DIR, '../receipts-uncropped/marktkauf_06052020_13_02008.jpg')

async function addReceipt(page: Page): Promise<void> {
  await page.locator('input[type="file"]').first().setInputFiles([PHOTO])
  await page.getByRole('listitem', { name: 'Page 1' }).waitFor({ timeout: 120_000 })
  // The reader fills Bill Date from the page; wait for it so the screenshot shows what a clerk gets.
  await page.waitForFunction(() => (document.querySelector('input[type="date"]') as HTMLInputElement | null)?.value !== '', null, {
    timeout: 180_000,
  })
  // The reader offers the supplier it is not sure of: the clerk takes it, as the README describes.
  const offered = page.getByRole('button', { name: /^Use / })
  if (await offered.isVisible()) await offered.click()
  await pasteLines(page, 'PAPER-A4\t2\t4,99\nPEN-BLUE\t10\t1,01')
  await page.evaluate(() => window.scrollTo(0, 0))
  await page.waitForTimeout(500)
}

const server = await startServer()
try {
  const desktop = await launchChromium({ viewport: { width: 1366, height: 900 } })
  try {
    const page = await desktop.context.newPage()
    await page.emulateMedia({ colorScheme: 'light' })
    await signIn(page, server, CLERK)
    await addReceipt(page)
    await page.screenshot({ path: join(OUT, 'scanner.png') })
    await page.getByRole('listitem', { name: 'Page 1' }).getByRole('button').first().click()
    await page.getByRole('dialog').waitFor()
    await page.waitForTimeout(800)
    await page.screenshot({ path: join(OUT, 'cropped.png') })
  } finally {
    await desktop.close()
  }

  const phone = await launchChromium({ viewport: { width: 360, height: 800 } })
  try {
    const page = await phone.context.newPage()
    await page.emulateMedia({ colorScheme: 'light' })
    await signIn(page, server, CLERK)
    // A fresh browser profile: the phone starts its own invoice from the same photo.
    await addReceipt(page)
    await page.screenshot({ path: join(OUT, 'phone.png') })
  } finally {
    await phone.close()
  }
  console.log(`Screenshots written to ${OUT}`)
} finally {
  await server.stop()
}
