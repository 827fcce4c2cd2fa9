import { existsSync } from 'node:fs'
import puppeteer, { type Browser, type Page } from 'puppeteer-core'
import { pageExpression, type EnginePage } from './engine'

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr'

/** Whether Debian's Firefox ESR is installed (`apt-get install -y firefox-esr`). */
export const hasFirefox = existsSync(FIREFOX_PATH)

/**
 * Starts Debian's Firefox ESR headless with a fresh profile, driven by puppeteer-core over WebDriver BiDi.
 * `prepare` gets puppeteer's page before the first navigation (e.g. to answer some requests itself).
 */
export async function launchFirefox({ prepare }: { prepare?: (page: Page) => Promise<void> } = {}): Promise<EnginePage> {
  const browser: Browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    defaultViewport: { width: 1280, height: 900 },
    // No calls out of this closed network: no updates, telemetry or safe-browsing lists.
    extraPrefsFirefox: { 'app.update.enabled': false, 'toolkit.telemetry.enabled': false, 'browser.safebrowsing.malware.enabled': false },
  })
  const page = await browser.newPage()
  page.setDefaultTimeout(60_000)
  await prepare?.(page)
  return {
    name: 'Firefox ESR',
    async goto(url) {
      await page.goto(url, { waitUntil: 'load' })
    },
    async reload() {
      await page.reload({ waitUntil: 'load' })
    },
    run: <T>(body: string, ...args: unknown[]) => page.evaluate(pageExpression(body, args)) as Promise<T>,
    async click(selector) {
      await page.click(selector)
    },
    async type(selector, text) {
      await page.type(selector, text)
    },
    async setFiles(selector, paths) {
      const input = await page.$(selector)
      if (!input) throw new Error(`Firefox ESR: no ${selector} to choose files with`)
      await (input as unknown as { uploadFile: (...p: string[]) => Promise<void> }).uploadFile(...paths)
    },
    async close() {
      await browser.close()
    },
  }
}
