import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { pageAction, readStore } from './support/scanner'
import { countObjectUrls, type ObjectUrlCount } from './support/objectUrls'
import { useScannerApp } from './support/scannerApp'
import { FIXTURES_DIR } from './support/server'

// The whole Scanner in Debian's Chromium against the built app and the real embedded server: the fake
// camera, the fixture receipts, bad files, a 48 MP photo, a reload, and leaving the page. The tests run
// in order and build on each other, like one clerk's session.

const fixtures = readdirSync(FIXTURES_DIR)
  .filter((name) => name.endsWith('.jpg'))
  .sort()

interface UrlLog {
  created: number
  live: string[]
}

// Counted by the test itself, before any app code runs: every URL made and not yet revoked.
const { app, strip, waitForPages } = useScannerApp({ initScript: countObjectUrls })

/** Each strip item as "Page N: file name", in order. */
async function stripNames(): Promise<string[]> {
  return strip().evaluateAll((items) =>
    items.map((item) => `${item.getAttribute('aria-label')}: ${item.querySelector('.name')?.textContent ?? ''}`),
  )
}

/** How the stored page named `fileName` is turned: made turned from its original (`turn`), or on the record. */
async function storedTurn(fileName: string) {
  type Stored = { fileName: string; order: number; rotation: number; width: number; height: number; document?: { turn?: number } }
  // The same fixture is added again later (after the corrupt file), so take the first page of that name in page order.
  const records = (await readStore<Stored>(app.page, 'pages')).sort((a, b) => a.order - b.order)
  const record = records.find((entry) => entry.fileName === fileName)
  return record && { turn: record.document?.turn ?? 0, rotation: record.rotation, width: record.width, height: record.height }
}

/** Resolves once every thumbnail within the strip's 200 px look-ahead of the viewport shows its image. */
async function thumbnailsSettled(): Promise<void> {
  await app.page.waitForFunction(() =>
    [...document.querySelectorAll('[aria-label="Pages"] .thumb')].every((thumb) => {
      const rect = thumb.getBoundingClientRect()
      const near = rect.bottom > -200 && rect.top < innerHeight + 200 && rect.right > -200 && rect.left < innerWidth + 200
      return !near || thumb.classList.contains('pdf') || thumb.querySelector('img') !== null
    }),
  )
}

async function urlLog(): Promise<UrlLog> {
  return app.page.evaluate(() => {
    const log = (window as unknown as { __urls: ObjectUrlCount }).__urls
    return { created: log.created, live: [...log.live] }
  })
}

const addPhotos = () => app.page.getByLabel('Add photos')

describe('the Scanner', () => {
  it('takes three photos with the camera', async () => {
    await app.page.getByRole('button', { name: 'Open camera' }).click()
    const shutter = app.page.getByRole('button', { name: 'Take photo' })
    await shutter.waitFor()
    // The preview has to show frames before a photo can come from it.
    await app.page.waitForFunction(() => (document.querySelector('video')?.videoWidth ?? 0) > 0)
    for (let taken = 1; taken <= 3; taken += 1) {
      await shutter.click()
      await waitForPages(taken)
    }
    expect((await stripNames()).map((name) => name.replace(/: .*/, ''))).toEqual(['Page 1', 'Page 2', 'Page 3'])
    const thumb = app.page.getByRole('img', { name: 'Page 1', exact: true })
    await thumb.waitFor()
    expect(await thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true)

    await app.page.getByRole('button', { name: 'Close camera' }).click()
    await app.page.getByRole('button', { name: 'Open camera' }).waitFor()
    expect(await app.page.evaluate(() => (document.querySelector('video')?.srcObject as MediaStream | null) ?? null)).toBeNull()
  })

  it('adds the fixture receipts through Add photos, in order', async () => {
    await addPhotos().setInputFiles(fixtures.map((name) => join(FIXTURES_DIR, name)))
    await waitForPages(3 + fixtures.length)
    const names = await stripNames()
    expect(names.slice(3)).toEqual(fixtures.map((name, index) => `Page ${index + 4}: ${name}`))
    expect(await app.page.getByRole('region', { name: 'Files not added' }).textContent()).not.toContain('Not added')
  })

  it('keeps every page, in order, across a reload', async () => {
    const before = await stripNames()
    await app.page.reload()
    await app.page.getByRole('heading', { name: 'Scanner' }).waitFor()
    await waitForPages(before.length)
    expect(await stripNames()).toEqual(before)
    await app.page.getByRole('img', { name: 'Page 4', exact: true }).waitFor()
  })

  it('names a corrupt file and a zero-byte file and keeps the rest', async () => {
    const before = await stripNames()
    await addPhotos().setInputFiles([
      {
        name: 'corrupt.jpg',
        mimeType: 'image/jpeg',
        buffer: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('not really a photo '.repeat(200))]),
      },
      { name: 'empty.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(0) },
      { name: fixtures[0]!, mimeType: 'image/jpeg', buffer: readFileSync(join(FIXTURES_DIR, fixtures[0]!)) },
    ])
    await waitForPages(before.length + 1)
    const after = await stripNames()
    expect(after.slice(0, before.length)).toEqual(before)
    expect(after.at(-1)).toBe(`Page ${before.length + 1}: ${fixtures[0]}`)
    const failures = app.page.getByRole('region', { name: 'Files not added' }).getByRole('listitem')
    const texts = await failures.allTextContents()
    expect(texts).toHaveLength(2)
    expect(texts[0]).toMatch(/^corrupt\.jpg: \S.*/)
    expect(texts[1]).toMatch(/^empty\.jpg: .*empty/i)
  })

  it('processes a generated 48 MP photo down to a 2000 px page', async () => {
    const before = (await stripNames()).length
    // Made in the page (8000 × 6000 JPEG) so no big binary is committed; handed to the real input.
    await app.page.evaluate(async () => {
      const canvas = new OffscreenCanvas(8000, 6000)
      const context = canvas.getContext('2d')!
      const gradient = context.createLinearGradient(0, 0, 8000, 6000)
      gradient.addColorStop(0, '#f5f0e6')
      gradient.addColorStop(1, '#8a7f6a')
      context.fillStyle = gradient
      context.fillRect(0, 0, 8000, 6000)
      context.fillStyle = '#111'
      context.font = '400px sans-serif'
      context.fillText('INVOICE 48 MP', 600, 1200)
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })
      canvas.width = canvas.height = 1
      const transfer = new DataTransfer()
      transfer.items.add(new File([blob], 'generated-48mp.jpg', { type: 'image/jpeg' }))
      const input = [...document.querySelectorAll('input[type="file"]')].find((el) =>
        el.closest('label')?.textContent?.includes('Add photos'),
      ) as HTMLInputElement
      input.files = transfer.files
      input.dispatchEvent(new Event('change', { bubbles: true }))
    })
    await waitForPages(before + 1)
    const number = before + 1
    expect((await stripNames()).at(-1)).toBe(`Page ${number}: generated-48mp.jpg`)

    // Thumbnails near the screen hold a URL each: scroll to the button first and let those load, so the
    // count below changes by the full-size page alone.
    const open = app.page.getByRole('button', { name: `Open page ${number}` })
    await open.scrollIntoViewIfNeeded()
    await thumbnailsSettled()
    const liveBefore = (await urlLog()).live.length
    await open.click()
    const dialog = app.page.getByRole('dialog', { name: `Page ${number}` })
    await dialog.waitFor()
    expect(await dialog.textContent()).toContain('2000 × 1500')
    const full = dialog.getByRole('img', { name: `Page ${number}` })
    await app.page.waitForFunction((n) => {
      const img = document.querySelector(`[role="dialog"] img[alt="Page ${n}"]`) as HTMLImageElement | null
      return !!img && img.complete && img.naturalWidth > 0
    }, number)
    expect(await full.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([2000, 1500])
    expect((await urlLog()).live.length).toBe(liveBefore + 1)
    await dialog.getByRole('button', { name: 'Close' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect((await urlLog()).live.length).toBe(liveBefore)
  })

  it('reorders by button and by drag, rotates, deletes with undo, retakes, and a reload keeps it all', async () => {
    const start = await stripNames()
    const nameOf = (entry: string) => entry.replace(/^Page \d+: /, '')
    const [first, second, third] = start.slice(3, 6).map(nameOf) as [string, string, string]

    await pageAction(app.page, 4, 'Move right')
    await app.page.waitForFunction(
      (name) => document.querySelectorAll('[aria-label="Pages"] > [role="listitem"] .name')[4]?.textContent === name,
      first,
    )
    // Focus stayed on the moved page's button: Enter moves it once more.
    await app.page.keyboard.press('Enter')
    await app.page.waitForFunction(
      (name) => document.querySelectorAll('[aria-label="Pages"] > [role="listitem"] .name')[5]?.textContent === name,
      first,
    )
    expect((await stripNames()).slice(3, 6).map(nameOf)).toEqual([second, third, first])

    await strip().nth(5).dragTo(strip().nth(3))
    await app.page.waitForFunction(
      (name) => document.querySelectorAll('[aria-label="Pages"] > [role="listitem"] .name')[3]?.textContent === name,
      first,
    )
    expect((await stripNames()).slice(3, 6).map(nameOf)).toEqual([first, second, third])

    // A photo page is made again from its kept original, turned (issue 13): its size turns, and nothing turns
    // it again on screen or when sent.
    const upright = (await storedTurn(first))!
    expect(upright).toMatchObject({ turn: 0, rotation: 0 })
    await pageAction(app.page, 4, 'Rotate')
    await expect
      .poll(() => storedTurn(first), { timeout: 30_000 })
      .toEqual({ turn: 90, rotation: 0, width: upright.height, height: upright.width })
    await app.page.waitForFunction(() => document.querySelector<HTMLImageElement>('img[alt="Page 4"]')?.style.transform === 'rotate(0deg)')

    await pageAction(app.page, 5, 'Delete')
    const status = app.page.getByRole('status').filter({ hasText: 'deleted' })
    await status.getByRole('button', { name: 'Undo' }).waitFor()
    expect((await stripNames()).map(nameOf)).not.toContain(second)
    await status.getByRole('button', { name: 'Undo' }).click()
    await app.page.waitForFunction(
      (name) => document.querySelectorAll('[aria-label="Pages"] > [role="listitem"] .name')[4]?.textContent === name,
      second,
    )

    await pageAction(app.page, 6, 'Delete')
    await app.page.getByRole('button', { name: 'Undo' }).waitFor()
    // Another action ends the undo window: the page is gone for good.
    await pageAction(app.page, 4, 'Rotate')
    await app.page.getByRole('button', { name: 'Undo' }).waitFor({ state: 'detached' })
    await expect.poll(() => storedTurn(first), { timeout: 30_000 }).toEqual({ ...upright, turn: 180 })

    await pageAction(app.page, 5, 'Retake')
    await app.page.getByText('Retaking page 5').waitFor()
    await app.page.getByRole('button', { name: 'Open camera' }).click()
    await app.page.waitForFunction(() => (document.querySelector('video')?.videoWidth ?? 0) > 0)
    await app.page.getByRole('button', { name: 'Take photo' }).click()
    await app.page.waitForFunction(() =>
      /^Camera photo/.test(document.querySelectorAll('[aria-label="Pages"] > [role="listitem"] .name')[4]?.textContent ?? ''),
    )
    await app.page.getByRole('button', { name: 'Close camera' }).click()
    const edited = await stripNames()
    expect(edited).toHaveLength(start.length - 1)
    expect(edited.map(nameOf)).not.toContain(third)

    await app.page.reload()
    await waitForPages(edited.length)
    expect(await stripNames()).toEqual(edited)
    expect(await storedTurn(first)).toEqual({ ...upright, turn: 180 })
  })

  it('releases every object URL when the clerk leaves the Scanner', async () => {
    const onScanner = await urlLog()
    expect(onScanner.live.length).toBeGreaterThan(0)
    await app.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Invoices' }).click()
    await app.page.waitForURL(/\/invoices$/)
    await app.page
      .waitForFunction(() => (window as unknown as { __urls: ObjectUrlCount }).__urls.live.size === 0, undefined, { timeout: 10_000 })
      .catch(() => undefined)
    expect((await urlLog()).live).toEqual([])
  })
})
