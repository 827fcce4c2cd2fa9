import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { pasteLines } from './support/scanner'
import { useScannerApp } from './support/scannerApp'
import { FIXTURES_DIR } from './support/server'

// What the clerk is told, in Debian's Chromium on a desktop (1366×900): the same image added twice is said
// as it is added, and the lines table shows whole item codes.

const { app, strip: tiles, waitForPages } = useScannerApp({ viewport: { width: 1366, height: 900 } })
const RECEIPT = join(FIXTURES_DIR, 'aldi_02032020_19_02423.jpg')
const OTHER = join(FIXTURES_DIR, 'ikea_08102016_12_13439.jpg')

describe('the same image twice', () => {
  it('says so when the page is added, and the clerk can delete it', async () => {
    await app.page.getByLabel('Add photos').setInputFiles([RECEIPT, OTHER])
    await waitForPages(2)
    // The same photo once more, under another name, as a second pick from the gallery would be.
    await app.page.getByLabel('Add photos').setInputFiles([RECEIPT])
    await waitForPages(3)
    const notice = app.page.locator('.same-image[role="status"]')
    await expect.poll(() => notice.textContent()).toContain('Page 3: Same image as page 1.')
    await expect(tiles().nth(2).locator('.same').textContent()).resolves.toBe('Same as page 1')
    await app.page.getByRole('button', { name: 'Delete page 3' }).click()
    await waitForPages(2)
    await expect.poll(() => notice.textContent()).toBe('')
  })

  it('lets the clerk keep it, and the notice goes', async () => {
    await app.page.getByLabel('Add photos').setInputFiles([OTHER])
    await waitForPages(3)
    const notice = app.page.locator('.same-image[role="status"]')
    await expect.poll(() => notice.textContent()).toContain('Page 3: Same image as page 2.')
    await app.page.getByRole('button', { name: 'Keep page 3' }).click()
    await expect.poll(() => notice.textContent()).toBe('')
    await expect(tiles().count()).resolves.toBe(3)
  })
})

describe('on a 1366 px desktop', () => {
  it('shows whole item codes in the lines table', async () => {
    await pasteLines(app.page, 'PAPER-A4-80G\t2\t4,99\nSTAPLES-24-6\t1\t1,49')
    const codes = app.page.locator('td.item input')
    await expect.poll(() => codes.count()).toBe(2)
    const fits = await codes.evaluateAll((inputs) =>
      (inputs as HTMLInputElement[]).map((input) => ({ value: input.value, fits: input.scrollWidth <= input.clientWidth })),
    )
    expect(fits).toEqual([
      { value: 'PAPER-A4-80G', fits: true },
      { value: 'STAPLES-24-6', fits: true },
    ])
  })
})
