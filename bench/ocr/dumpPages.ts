/**
 * Saves page 1 of each receipt fixture as the built app makes it (crop, flatten, look, ≤ max_page_px) into
 * a folder, so engines and settings can be compared in Node on exactly what the reader gets in the browser
 * (bench/ocr/models.ts). The built app must exist (`npm run build`).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { launchChromium } from '../../tests/e2e/support/browser'
import { CLERK, FIXTURES_DIR, startServer } from '../../tests/e2e/support/server'

/** The page file name for a fixture: "receipts/aldi.jpg" is "receipts__aldi.jpg". */
export const pageFileOf = (fixture: string) => fixture.replace('/', '__')

/** Writes page 1 of every fixture in truth.json into `out`, named by `pageFileOf`, as JPEG. */
export async function dumpPages(out: string, log: (line: string) => void = () => undefined): Promise<void> {
  const root = resolve(FIXTURES_DIR, '..')
  const fixtures = Object.keys(JSON.parse(readFileSync(resolve(root, 'truth.json'), 'utf8')) as Record<string, unknown>)
  mkdirSync(out, { recursive: true })
  const server = await startServer()
  const chromium = await launchChromium()
  try {
    const page = chromium.context.pages()[0] ?? (await chromium.context.newPage())
    // The reader is switched off: only the pages are wanted, and it would compete for the CPU.
    await page.route('**/reader/**', (route) => route.abort())
    await page.goto(`${server.url}/login`)
    await page.getByLabel('Email or user name').fill(CLERK.usr)
    await page.getByLabel('Password').fill(CLERK.pwd)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(/\/scan$/)
    for (const fixture of fixtures) {
      await page.evaluate(() => {
        for (const key of Object.keys(localStorage)) if (key.startsWith('invoice-scanner.current-draft')) localStorage.removeItem(key)
      })
      await page.reload()
      await page.getByRole('heading', { name: 'Scanner' }).waitFor()
      await page.getByLabel('Add photos').setInputFiles([resolve(root, fixture)])
      await page
        .getByRole('img', { name: /^Page 1/ })
        .first()
        .waitFor({ timeout: 120_000 })
      await page.waitForTimeout(500)
      const saved = await page.evaluate(async () => {
        const db = await new Promise<IDBDatabase>((ok, fail) => {
          const request = indexedDB.open('invoice-scanner')
          request.onsuccess = () => ok(request.result)
          request.onerror = () => fail(request.error)
        })
        const all = await new Promise<Array<{ created: number; blob: Blob | ArrayBuffer; mime: string; width: number; height: number }>>(
          (ok, fail) => {
            const request = db.transaction('pages').objectStore('pages').getAll()
            request.onsuccess = () => ok(request.result)
            request.onerror = () => fail(request.error)
          },
        )
        db.close()
        const last = all.sort((a, b) => b.created - a.created)[0]!
        const raw =
          last.blob instanceof Blob ? await last.blob.arrayBuffer() : ((last.blob as unknown as { bytes?: ArrayBuffer }).bytes ?? last.blob)
        const bytes = new Uint8Array(raw as ArrayBuffer)
        let text = ''
        for (const byte of bytes) text += String.fromCharCode(byte)
        return { base64: btoa(text), mime: last.mime, width: last.width, height: last.height }
      })
      if (saved.mime !== 'image/jpeg') throw new Error(`${fixture}: page is ${saved.mime}, not JPEG`)
      writeFileSync(resolve(out, pageFileOf(fixture)), Buffer.from(saved.base64, 'base64'))
      log(`${fixture}: page ${saved.width}×${saved.height}`)
    }
  } finally {
    await chromium.close()
    await server.stop()
  }
}
