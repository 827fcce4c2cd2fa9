import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useScannerApp } from './support/scannerApp'
import { FIXTURES_DIR } from './support/server'

// Document capture in Debian's Chromium against the built app: the real worker crops an uncropped receipt
// scan, leaves a cropped one whole, makes the looks, warns about a blurred photo, and re-crops from the
// kept original when the clerk adjusts the corners. The tests build on each other, like one clerk's session.

const UNCROPPED = join(FIXTURES_DIR, '../receipts-uncropped/thalia_06052020_01_04990.jpg')
const UNCROPPED_ASPECT = 3.6 // truth.json: paper_aspect_h_over_w
const CROPPED = join(FIXTURES_DIR, 'toom_04042020_03_04877.jpg') // 892×2848

interface StoredPage {
  id: string
  order: number
  width: number
  height: number
  bytes: number
  fileName: string
  document?: {
    /** The kept original's size in bytes (a Blob does not cross into the test). */
    original: number
    corners: { x: number; y: number }[] | null
    look: string
    problems: string[]
    lookBytes: Record<string, number>
  }
}

const { app, strip, waitForPages } = useScannerApp()

/** The stored page records in order, each Blob given as its size. */
async function storedPages(): Promise<StoredPage[]> {
  const pages = await app.page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('invoice-scanner')
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => reject(request.error)
    })
    try {
      const records = await new Promise<Record<string, unknown>[]>((resolve, reject) => {
        const request = db.transaction('pages').objectStore('pages').getAll()
        request.onsuccess = () => resolve(request.result)
        request.onerror = () => reject(request.error)
      })
      return records.map(({ blob: _blob, thumb: _thumb, document: stored, ...rest }) => {
        const shape = stored as { original: Blob } | undefined
        return { ...rest, document: shape && { ...shape, original: shape.original.size } }
      })
    } finally {
      db.close()
    }
  })
  return (pages as unknown as StoredPage[]).sort((a, b) => a.order - b.order)
}

/** Waits until `check` holds for the stored pages, then returns them. */
async function storedWhen(check: (pages: StoredPage[]) => boolean): Promise<StoredPage[]> {
  let pages: StoredPage[] = []
  await expect
    .poll(
      async () => {
        pages = await storedPages()
        return check(pages)
      },
      { timeout: 60_000, interval: 250 },
    )
    .toBe(true)
  return pages
}

/** Adjust corners, from page `n`'s Actions menu. */
async function adjustCorners(n = 1): Promise<void> {
  const tile = strip().nth(n - 1)
  await tile.getByRole('button', { name: `Actions for page ${n}` }).click()
  await tile.getByRole('menuitem', { name: 'Adjust corners' }).click()
}

/** How to redraw the cropped receipt in the page for a test photo; every field optional. */
interface Redrawing {
  /** The photo's size; the receipt's own by default. */
  size?: [number, number]
  background?: string
  filter?: string
  /** Where the receipt's centre goes and how far it turns (degrees), then its box around that centre. */
  centre?: [number, number]
  turn?: number
  box?: [number, number, number, number]
}

/** The cropped receipt redrawn by the page's canvas as `how` says, added as the JPEG photo `name`. */
async function addRedrawnReceipt(name: string, how: Redrawing): Promise<void> {
  const photo = await app.page.evaluate(
    async ({ source, how }) => {
      const bytes = Uint8Array.from(atob(source), (c) => c.charCodeAt(0))
      const receipt = await createImageBitmap(new Blob([bytes], { type: 'image/jpeg' }))
      const [width, height] = how.size ?? [receipt.width, receipt.height]
      const canvas = new OffscreenCanvas(width, height)
      const context = canvas.getContext('2d')!
      if (how.background) {
        context.fillStyle = how.background
        context.fillRect(0, 0, width, height)
      }
      if (how.filter) context.filter = how.filter
      if (how.centre) context.translate(...how.centre)
      if (how.turn) context.rotate((how.turn * Math.PI) / 180)
      context.drawImage(receipt, ...(how.box ?? [0, 0, receipt.width, receipt.height]))
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })
      let text = ''
      for (const byte of new Uint8Array(await blob.arrayBuffer())) text += String.fromCharCode(byte)
      return btoa(text)
    },
    { source: readFileSync(CROPPED).toString('base64'), how },
  )
  await app.page.getByLabel('Add photos').setInputFiles({ name, mimeType: 'image/jpeg', buffer: Buffer.from(photo, 'base64') })
}

describe('document capture', () => {
  it('crops an uncropped receipt scan to the paper and leaves a cropped one whole', async () => {
    await app.page.getByLabel('Add photos').setInputFiles([UNCROPPED, CROPPED])
    await waitForPages(2)
    const [uncropped, cropped] = await storedPages()
    expect(uncropped!.document?.corners).toHaveLength(4)
    expect(Math.abs(uncropped!.height / uncropped!.width / UNCROPPED_ASPECT - 1)).toBeLessThanOrEqual(0.1)
    // The photo as it came (2552×3508) stays beside the page for a later re-crop.
    expect(uncropped!.document!.original).toBe(statSync(UNCROPPED).size)
    expect(cropped!.document?.corners).toBeNull()
    expect(Math.abs(cropped!.height / cropped!.width / (2848 / 892) - 1)).toBeLessThanOrEqual(0.03)
    // Both scans are sharp, light and large enough: no warning.
    expect(uncropped!.document!.problems).toEqual([])
    await expect.poll(() => app.page.locator('[data-readability]').count()).toBe(0)
  })

  it('gives a page each look, shows the bytes, and Black and white is at least 2× smaller than Original', async () => {
    const first = strip().first()
    // The look is chosen in the page's Actions menu: by pointer…
    await first.getByRole('button', { name: 'Actions for page 1' }).click()
    await first.getByRole('menuitemradio', { name: /^Original/ }).click()
    await storedWhen(([page]) => page?.document?.look === 'original')
    // …and by keyboard: ArrowDown opens the menu, End is Delete, two up is Black and white.
    const actions = first.getByRole('button', { name: 'Actions for page 1' })
    await actions.focus()
    await actions.press('ArrowDown')
    await app.page.keyboard.press('End')
    await app.page.keyboard.press('ArrowUp')
    await app.page.keyboard.press('ArrowUp')
    await expect.poll(() => app.page.evaluate(() => document.activeElement?.textContent?.trim())).toMatch(/^Black and white/)
    await app.page.keyboard.press('Enter')
    const [page] = await storedWhen(([p]) => p?.document?.look === 'bw')
    const { lookBytes } = page!.document!
    // Measured on this receipt: 112,384 B Original, 17,725 B Black and white (6.3×).
    expect(lookBytes.bw! * 2).toBeLessThanOrEqual(lookBytes.original!)
    expect(page!.bytes).toBe(lookBytes.bw)
    await actions.click()
    const looks = first.getByRole('group', { name: 'Look' })
    await expect.poll(() => looks.textContent()).toMatch(/Original · [\d.]+ KB.*Black and white · [\d.]+ KB/s)
    expect(await looks.getByRole('menuitemradio', { checked: true }).textContent()).toMatch(/^\s*Black and white/)
    // On a desktop the menu floats at its own width: no look's words are cut or wrapped.
    for (const look of await looks.getByRole('menuitemradio').all()) {
      expect(await look.evaluate((item) => item.scrollWidth <= item.clientWidth && item.clientHeight <= 48)).toBe(true)
    }
    await actions.click()
  })

  it('re-crops from the kept original when the clerk moves a corner with the keyboard', async () => {
    const [before] = await storedPages()
    await adjustCorners()
    const dialog = app.page.getByRole('dialog', { name: 'Adjust corners' })
    await dialog.locator('img').waitFor()
    // Shown at page size (the worker makes it so), not as the 2552×3508 photo it is kept as.
    const shown = await dialog.locator('img').evaluate(async (img: HTMLImageElement) => {
      await img.decode()
      return [img.naturalWidth, img.naturalHeight]
    })
    expect(Math.max(...shown)).toBe(2000)
    const bottomLeft = dialog.getByRole('button', { name: /^Bottom-left corner/ })
    await bottomLeft.focus()
    for (let i = 0; i < 4; i++) await bottomLeft.press('Shift+ArrowUp')
    await dialog.getByRole('button', { name: 'Apply' }).click()
    const [after] = await storedWhen(([p]) => p?.document?.corners?.[3]?.y !== before!.document!.corners![3]!.y)
    expect(after!.document!.corners![3]!.y).toBeCloseTo(before!.document!.corners![3]!.y - 0.2, 2)
    // The look stays, and the page is made again from the same original.
    expect(after!.document!.look).toBe('bw')
    expect(after!.document!.original).toBe(before!.document!.original)

    await adjustCorners()
    await dialog.getByRole('button', { name: 'Use whole photo' }).click()
    const [whole] = await storedWhen(([p]) => p?.document?.corners === null)
    expect(whole!.width).toBeGreaterThan(after!.width)
  })

  it('warns about a blurred photo with a plain message and Retake, and still keeps the page', async () => {
    // A blurred copy of the cropped receipt (about 4 px of blur), made in the page with the canvas's blur filter.
    await addRedrawnReceipt('blurred.jpg', { filter: 'blur(4px)' })
    await waitForPages(3)
    const warning = strip().nth(2).locator('[data-readability]')
    await expect.poll(() => warning.textContent()).toContain('Blurred — hold the phone still and retake.')
    await expect.poll(() => warning.getByRole('button', { name: 'Retake page 3' }).isEnabled()).toBe(true)
    const [, , page] = await storedPages()
    expect(page!.document!.problems).toContain('blurred')
  })

  it('crops a receipt running off the photo, its cut-off corner past the edge, and lets the clerk reach that corner', async () => {
    // The cropped receipt on a dark desk, turned 15° and drawn so its top-right corner lies 61 px past the
    // photo's right edge (1800×2400): the edge cuts that corner off.
    await addRedrawnReceipt('running-off.jpg', {
      size: [1800, 2400],
      background: '#3a2a1e',
      centre: [1300, 1200],
      turn: 15,
      box: [-313, -1000, 626, 2000],
    })
    await waitForPages(4)
    const [, , , page] = await storedWhen((pages) => pages[3]?.document?.corners !== undefined)
    const corners = page!.document!.corners!
    expect(corners).toHaveLength(4)
    // The top-right corner where the receipt's sides meet, 1861 px across (1.034 of the width): not on the edge.
    expect(corners[1]!.x).toBeGreaterThan(1.01)
    expect(corners[1]!.x).toBeLessThan(1.06)
    expect(Math.abs(page!.height / page!.width / (2848 / 892) - 1)).toBeLessThanOrEqual(0.1)

    await adjustCorners(4)
    const dialog = app.page.getByRole('dialog', { name: 'Adjust corners' })
    await dialog.locator('img').waitFor()
    const topRight = dialog.getByRole('button', { name: /^Top-right corner/ })
    expect(await topRight.getAttribute('aria-label')).toMatch(/Top-right corner, 10[1-6](\.\d)? % across/)
    // The handle lies past the picture's right edge, in room the editor keeps beside it, inside the dialog
    // and on top there: the clerk can see it and grab it.
    await expect
      .poll(async () => {
        const [handle, picture, box] = await Promise.all([topRight, dialog.locator('img'), dialog].map((l) => l.boundingBox()))
        if (!handle || !picture || !box) return 'not laid out'
        const [cx, cy] = [handle.x + handle.width / 2, handle.y + handle.height / 2]
        const onTop = await app.page.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.getAttribute('aria-label') ?? '', [cx, cy])
        return cx > picture.x + picture.width && handle.x + handle.width <= box.x + box.width && onTop.startsWith('Top-right corner')
      })
      .toBe(true)
    await dialog.getByRole('button', { name: 'Cancel' }).click()
  })
})
