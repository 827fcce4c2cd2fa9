/**
 * A PDF with a text layer, in real Chromium with the built app: page 1 is read from its text (pdf.js, no
 * OCR) and the empty header fields fill themselves; `Read lines` then offers its item lines for the table.
 */
import { describe, expect, it } from 'vitest'
import { textPdf } from '../unit/support/textPdf'
import { useApp } from './support/app'
import { CLERK } from './support/server'

const app = useApp({ signInAs: CLERK })
const READ_MS = 60_000

const field = (label: string) => app.page.getByLabel(label, { exact: true })

describe('reading a PDF with a text layer', () => {
  it('fills Bill Date and Document total from the text, and Read lines adds the item lines in one step', async () => {
    await app.page.evaluate(() => {
      for (const key of Object.keys(localStorage)) if (key.startsWith('invoice-scanner.current-draft')) localStorage.removeItem(key)
    })
    await app.page.reload()
    await app.page.getByRole('heading', { name: 'Scanner' }).waitFor()
    const pdf = textPdf([
      'Musterladen GmbH',
      'Rechnung Nr. R-2020-0518',
      'Datum: 18.05.2020',
      'Milch 1,5% 1L\t1,19 A',
      'Brot\t2,49 A',
      'Summe EUR\t3,68',
    ])
    await app.page.getByLabel('Add photos').setInputFiles([{ name: 'invoice.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf) }])

    await expect.poll(() => field('Bill Date').inputValue(), { timeout: READ_MS }).toBe('2020-05-18')
    await expect.poll(() => field('Document total').inputValue(), { timeout: READ_MS }).toBe('3.68')
    expect(await app.page.getByText('Documents cannot be read').count()).toBe(0)
    await app.page.getByRole('button', { name: 'Show text of page 1' }).click()
    expect(await app.page.getByLabel('Text read from page 1').textContent()).toMatch(/Milch 1,5% 1L +1,19 A/)

    await app.page.getByRole('button', { name: 'Read lines', exact: true }).click()
    const dialog = app.page.getByRole('dialog', { name: 'Lines read from the page' })
    await dialog.waitFor()
    expect(await dialog.getByRole('checkbox').count()).toBe(2)
    expect(await dialog.getByRole('status').textContent()).toBe('The checked lines add up to 3.68, the total printed on the page.')
    await dialog.getByRole('button', { name: 'Add 2 lines' }).click()
    await dialog.waitFor({ state: 'detached' })

    expect(await field('Rate, line 1').inputValue()).toBe('1.19')
    expect(await field('Rate, line 2').inputValue()).toBe('2.49')
    expect(await app.page.getByText('Milch 1,5% 1L', { exact: true }).count()).toBe(1)
    // The lines add up to the document total: no note that they differ.
    expect(await app.page.getByText(/than the document total/).count()).toBe(0)
  })
})
