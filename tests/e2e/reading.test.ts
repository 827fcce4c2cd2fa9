/**
 * Reading the document on the device, in real Chromium with the built app: the first sharp page of a new
 * invoice is read by tesseract.js in its own worker, and the empty header fields fill themselves. Bad input (a
 * blank page, a PDF, a reader that cannot load) fills nothing and leaves the app working.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useApp } from './support/app'
import { CLERK, FIXTURES_DIR } from './support/server'

const app = useApp({ signInAs: CLERK })
const READ_MS = 60_000

/** A fresh draft: the next page added is the first page of a new invoice. */
async function newInvoice(): Promise<void> {
  await app.page.evaluate(() => {
    for (const key of Object.keys(localStorage)) if (key.startsWith('invoice-scanner.current-draft')) localStorage.removeItem(key)
  })
  await app.page.reload()
  await app.page.getByRole('heading', { name: 'Scanner' }).waitFor()
}

const field = (label: string) => app.page.getByLabel(label, { exact: true })
const addPhotos = () => app.page.getByLabel('Add photos')

/** A copy of a fixture blurred by about 6 px with the canvas's blur filter, made in the page. */
async function blurredJpeg(path: string): Promise<Buffer> {
  const base64 = await app.page.evaluate(async (source) => {
    const bitmap = await createImageBitmap(new Blob([Uint8Array.from(atob(source), (c) => c.charCodeAt(0))], { type: 'image/jpeg' }))
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height)
    const context = canvas.getContext('2d')!
    context.filter = 'blur(6px)'
    context.drawImage(bitmap, 0, 0)
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })
    let text = ''
    for (const byte of new Uint8Array(await blob.arrayBuffer())) text += String.fromCharCode(byte)
    return btoa(text)
  }, readFileSync(path).toString('base64'))
  return Buffer.from(base64, 'base64')
}

/** A white JPEG made in the page: a blank sheet. */
async function blankJpeg(): Promise<Buffer> {
  const base64 = await app.page.evaluate(async () => {
    const canvas = new OffscreenCanvas(1200, 1600)
    const context = canvas.getContext('2d')!
    context.fillStyle = '#fff'
    context.fillRect(0, 0, 1200, 1600)
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })
    const bytes = new Uint8Array(await blob.arrayBuffer())
    let text = ''
    for (const byte of bytes) text += String.fromCharCode(byte)
    return btoa(text)
  })
  return Buffer.from(base64, 'base64')
}

describe('reading the document', () => {
  it('fills Bill Date, Document total and Supplier from the page, each with a note of where it was read', async () => {
    await newInvoice()
    await addPhotos().setInputFiles([join(FIXTURES_DIR, 'hornbach_23092016_03_15200.jpg')])
    await expect.poll(() => field('Bill Date').inputValue(), { timeout: READ_MS }).toBe('2016-09-23')
    await expect.poll(() => field('Document total').inputValue(), { timeout: READ_MS }).toBe('152.00')
    await expect.poll(() => app.page.getByRole('combobox', { name: 'Supplier' }).inputValue(), { timeout: READ_MS }).toBe('Hornbach')
    const notes = await app.page.locator('.read-note').allTextContents()
    expect(notes.some((note) => /From the page:.*152,00/.test(note))).toBe(true)
    expect(notes.some((note) => /From the page:.*23\.09\.16/.test(note))).toBe(true)

    // Show text: what was read, as selectable text.
    await app.page.getByRole('button', { name: 'Show text of page 1' }).click()
    const text = app.page.getByLabel('Text read from page 1')
    expect(await text.textContent()).toMatch(/HORNBACH/)
    expect(await text.evaluate((el) => el.tagName)).toBe('PRE')
  })

  it('passes over a blurred page 1 and reads the sharp page 2', async () => {
    await newInvoice()
    const blurred = await blurredJpeg(join(FIXTURES_DIR, 'hornbach_23092016_03_15200.jpg'))
    await addPhotos().setInputFiles([
      { name: 'blurred.jpg', mimeType: 'image/jpeg', buffer: blurred },
      { name: 'sharp.jpg', mimeType: 'image/jpeg', buffer: readFileSync(join(FIXTURES_DIR, 'mediamarkt_14052020_03900.jpg')) },
    ])
    await expect.poll(() => field('Document total').inputValue(), { timeout: READ_MS }).toBe('39.00')
    await app.page.getByRole('button', { name: 'Show text of page 2' }).waitFor({ timeout: READ_MS })
    // Page 1 was flagged and never read: its date (23.09.2016) is nowhere.
    expect(await app.page.locator('[data-readability]').first().textContent()).toContain('Blurred')
    expect(await app.page.getByRole('button', { name: 'Show text of page 1' }).count()).toBe(0)
    expect(await field('Bill Date').inputValue()).not.toBe('2016-09-23')
  })

  it('never overwrites what the clerk typed; clearing a filled field removes its note', async () => {
    await newInvoice()
    await field('Bill No').fill('MINE-1')
    await field('Bill Date').fill('2020-01-31')
    await addPhotos().setInputFiles([join(FIXTURES_DIR, 'mediamarkt_14052020_03900.jpg')])
    await expect.poll(() => field('Document total').inputValue(), { timeout: READ_MS }).toBe('39.00')
    await app.page.getByRole('status').filter({ hasText: 'Reading page 1' }).waitFor({ state: 'detached', timeout: READ_MS })
    expect(await field('Bill No').inputValue()).toBe('MINE-1')
    expect(await field('Bill Date').inputValue()).toBe('2020-01-31')
    // Cleared by the clerk: the note goes with the value (the rule itself is in tests/unit/composables).
    await field('Document total').fill('')
    expect(await app.page.locator('#invoice-document_total-read').count()).toBe(0)
  })

  it('reads nothing from a blank page or a PDF, without a notice', async () => {
    await newInvoice()
    await addPhotos().setInputFiles([{ name: 'blank.jpg', mimeType: 'image/jpeg', buffer: await blankJpeg() }])
    await app.page
      .getByRole('img', { name: /Page 1/ })
      .first()
      .waitFor()
    await app.page.getByRole('button', { name: 'Show text of page 1' }).waitFor({ timeout: READ_MS })
    expect(await field('Bill Date').inputValue()).toBe('')
    expect(await field('Document total').inputValue()).toBe('')
    expect(await app.page.getByText('Documents cannot be read').count()).toBe(0)

    await newInvoice()
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')
    await addPhotos().setInputFiles([{ name: 'scan.pdf', mimeType: 'application/pdf', buffer: pdf }])
    await app.page.getByText('scan.pdf').first().waitFor()
    await app.page.waitForTimeout(1000)
    expect(await app.page.getByText('Reading page 1').count()).toBe(0)
    expect(await field('Document total').inputValue()).toBe('')
  })

  it('shows one notice when the reader cannot load, and the Scanner works on', async () => {
    await app.page.route('**/reader/**', (route) => route.fulfill({ status: 404, body: 'missing' }))
    try {
      await newInvoice()
      await addPhotos().setInputFiles([join(FIXTURES_DIR, 'lidl_02032020_02_00716.jpg')])
      const notice = app.page.getByText(/Documents cannot be read on this device/)
      await notice.waitFor({ timeout: READ_MS })
      expect(await notice.count()).toBe(1)
      await addPhotos().setInputFiles([join(FIXTURES_DIR, 'aldi_02032020_19_02423.jpg')])
      await app.page
        .getByRole('img', { name: /Page 2/ })
        .first()
        .waitFor()
      await field('Bill No').fill('TYPED-2')
      expect(await field('Bill No').inputValue()).toBe('TYPED-2')
      expect(await notice.count()).toBe(1)
    } finally {
      await app.page.unroute('**/reader/**')
    }
  })
})
