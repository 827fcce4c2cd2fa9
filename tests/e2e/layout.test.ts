import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { useApp } from './support/app'
import { CLERK, FIXTURES_DIR } from './support/server'

// A clerk's phone: every page fits its width and everything to tap is at least a thumb (44 px) big.

const app = useApp({ viewport: { width: 360, height: 740 }, signInAs: CLERK })

beforeAll(async () => {
  const receipts = readdirSync(FIXTURES_DIR)
    .filter((name) => name.endsWith('.jpg'))
    .slice(0, 2)
  await app.page
    .locator('label', { hasText: 'Add photos' })
    .locator('input')
    .setInputFiles(receipts.map((name) => join(FIXTURES_DIR, name)))
  await app.page.waitForFunction(() => document.querySelectorAll('[aria-label="Pages"] > [role="listitem"]').length === 2)
  // One line, so the lines table and its row controls are measured too.
  await app.page.getByRole('button', { name: 'Add line' }).click()
})

/** How much wider than the viewport the page is (0 when nothing scrolls sideways). */
const sidewaysOverflow = () => app.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)

/** Visible controls smaller than 44 × 44 px, named so a failure says which. */
function smallTargets() {
  return app.page.evaluate(() =>
    [
      ...document.querySelectorAll<HTMLElement>(
        'button, a[href], input:not([type="file"]), select, textarea, label:has(> input[type="file"])',
      ),
    ]
      .filter((element) => element.closest('.skip-link') === null && element.getClientRects().length > 0)
      .map((element) => ({ element, rect: element.getBoundingClientRect() }))
      // A checkbox or radio button is tapped through its label.
      .filter(({ element }) => !(element instanceof HTMLInputElement && (element.type === 'checkbox' || element.type === 'radio')))
      .filter(({ rect }) => rect.width < 44 || rect.height < 44)
      .map(
        ({ element, rect }) =>
          `${element.tagName.toLowerCase()} "${(element.getAttribute('aria-label') ?? element.textContent ?? '').trim()}" ${Math.round(rect.width)}×${Math.round(rect.height)}`,
      ),
  )
}

describe('on a 360 px phone', () => {
  it('the Scanner, with pages and a line, fits the width and has no target under 44 px', async () => {
    expect(await sidewaysOverflow()).toBe(0)
    expect(await smallTargets()).toEqual([])
    // The heading levels match: Pages, Invoice and Lines are all sections of the Scanner.
    const headings = await app.page.locator('main h2').allTextContents()
    expect(headings.map((text) => text.replace(/\s*\(\d+\)$/, ''))).toEqual(expect.arrayContaining(['Pages', 'Invoice', 'Lines']))
  })

  for (const name of ['Invoices', 'Status', 'Settings']) {
    it(`${name} fits the width and has no button or field under 44 px`, async () => {
      await app.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click()
      await app.page.getByRole('heading', { level: 1, name }).waitFor()
      expect(await sidewaysOverflow()).toBe(0)
      expect(await smallTargets()).toEqual([])
    })
  }
})
