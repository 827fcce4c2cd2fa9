import type { Locator } from 'playwright-core'
import { beforeAll } from 'vitest'
import { useApp, type AppUnderTest, type UseAppOptions } from './app'
import { CLERK } from './server'

/** The app signed in on the Scanner, with the page strip a Scanner test reads. */
export interface ScannerAppUnderTest {
  app: AppUnderTest
  /** The strip's pages, in order. */
  strip(): Locator
  /** Waits until the strip shows `count` pages and nothing is being processed. */
  waitForPages(count: number): Promise<void>
}

/**
 * `useApp` signed in as the clerk (unless `signInAs` says another), and a `beforeAll` that waits for the
 * Scanner's heading, so the first test starts on a ready Scanner.
 */
export function useScannerApp(options: UseAppOptions = {}): ScannerAppUnderTest {
  const app = useApp({ signInAs: CLERK, ...options })
  beforeAll(async () => {
    await app.page.getByRole('heading', { name: 'Scanner' }).waitFor()
  })
  return {
    app,
    strip: () => app.page.getByRole('list', { name: 'Pages' }).getByRole('listitem'),
    async waitForPages(count) {
      await app.page.waitForFunction(
        (expected) => {
          const list = document.querySelector('[role="list"][aria-label="Pages"]')
          const progress = document.querySelector('.progress')
          return list?.querySelectorAll(':scope > [role="listitem"]').length === expected && !progress?.textContent?.trim()
        },
        count,
        { timeout: 90_000 },
      )
    },
  }
}
