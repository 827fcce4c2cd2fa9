import { launchChromium } from '../../support/browser'
import { pageExpression, type EnginePage } from './engine'

/** Debian's Chromium through playwright-core, as the other e2e tests drive it, behind the same EnginePage. */
export async function launchChromiumEngine(): Promise<EnginePage> {
  const chromium = await launchChromium()
  const page = await chromium.context.newPage()
  page.setDefaultTimeout(60_000)
  return {
    name: 'Chromium',
    async goto(url) {
      await page.goto(url)
    },
    async reload() {
      await page.reload()
    },
    run: <T>(body: string, ...args: unknown[]) => page.evaluate(pageExpression(body, args)) as Promise<T>,
    async click(selector) {
      await page.click(selector)
    },
    async type(selector, text) {
      await page.locator(selector).pressSequentially(text)
    },
    async setFiles(selector, paths) {
      await page.setInputFiles(selector, [...paths])
    },
    close: () => chromium.close(),
  }
}
