import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useApp } from './support/app'
import { writeReceiptOnDeskY4m } from './support/fakeCameraVideo'
import { CLERK, FIXTURES_DIR } from './support/server'

// The live outline and Auto capture in Debian's Chromium, with the fake camera filming a receipt scan laid
// on a desk (a Y4M video made from the fixture here): the outline appears over the preview where the
// receipt is, and with Auto capture on a page is added without pressing the shutter, once.

const dir = mkdtempSync(join(tmpdir(), 'live-outline-'))
const video = join(dir, 'receipt-on-desk.y4m')
const scene = writeReceiptOnDeskY4m(join(FIXTURES_DIR, 'lidl_02032020_02_00716.jpg'), video)

const app = useApp({ signInAs: CLERK, chromiumArgs: [`--use-file-for-fake-video-capture=${video}`] })

afterAll(() => rmSync(dir, { recursive: true, force: true }))

beforeAll(async () => {
  await app.page.getByRole('heading', { name: 'Scanner' }).waitFor()
})

interface Corner {
  x: number
  y: number
}

/** The outline's corners in page coordinates, and the video's box. */
async function outlineOnPage(): Promise<{ corners: Corner[]; box: { x: number; y: number; width: number; height: number } }> {
  return app.page.evaluate(() => {
    const svg = document.querySelector('[data-testid="live-outline"]')!
    const polygon = svg.querySelector('polygon')!
    const origin = svg.getBoundingClientRect()
    const box = document.querySelector('video')!.getBoundingClientRect()
    const corners = polygon
      .getAttribute('points')!
      .split(' ')
      .map((pair) => pair.split(',').map(Number))
      .map(([x, y]) => ({ x: origin.x + x!, y: origin.y + y! }))
    return { corners, box: { x: box.x, y: box.y, width: box.width, height: box.height } }
  })
}

const pageItems = () => app.page.getByRole('list', { name: 'Pages' }).getByRole('listitem')

describe('live outline', () => {
  it('outlines the receipt over the camera preview, where the receipt is shown', async () => {
    await app.page.getByRole('button', { name: 'Open camera' }).click()
    await app.page.locator('[data-testid="live-outline"] polygon').waitFor({ timeout: 60_000 })
    const { corners, box } = await outlineOnPage()

    // Where the paper is on screen: the 4:3 frame letterboxed into the video's box (object-fit: contain).
    const scale = Math.min(box.width / scene.width, box.height / scene.height)
    const left = box.x + (box.width - scene.width * scale) / 2
    const top = box.y + (box.height - scene.height * scale) / 2
    const { paper } = scene
    const expected = [
      { x: paper.x, y: paper.y },
      { x: paper.x + paper.width, y: paper.y },
      { x: paper.x + paper.width, y: paper.y + paper.height },
      { x: paper.x, y: paper.y + paper.height },
    ].map((p) => ({ x: left + p.x * scale, y: top + p.y * scale }))
    const diagonal = Math.hypot(scene.width * scale, scene.height * scale)
    const errors = corners.map((c, i) => Math.hypot(c.x - expected[i]!.x, c.y - expected[i]!.y) / diagonal)
    expect(corners).toHaveLength(4)
    expect(Math.max(...errors)).toBeLessThan(0.03)
    // Without Auto capture nothing is taken and nothing says "Hold still".
    await expect(pageItems().count()).resolves.toBe(0)
    await expect(app.page.getByText('Hold still…').count()).resolves.toBe(0)
  })

  it('stops outlining when the camera closes', async () => {
    await app.page.getByRole('button', { name: 'Close camera' }).click()
    await app.page.locator('[data-testid="live-outline"]').waitFor({ state: 'detached' })
    await expect(app.page.evaluate(() => document.querySelector('video')?.srcObject ?? null)).resolves.toBeNull()
  })
})

describe('Auto capture', () => {
  it('is off by default and is switched on in Settings', async () => {
    await app.page.goto(`${app.server.appUrl}/settings`)
    const toggle = app.page.getByRole('switch', { name: 'Auto capture' })
    await expect(toggle.isChecked()).resolves.toBe(false)
    await toggle.check()
    await app.page.goto(`${app.server.appUrl}/scan`)
    await app.page.getByRole('heading', { name: 'Scanner' }).waitFor()
  })

  it('takes the photo by itself once the outline holds still, says so, and takes the still page only once', async () => {
    await expect(pageItems().count()).resolves.toBe(0)
    await app.page.getByRole('button', { name: 'Open camera' }).click()
    await app.page.getByRole('status').filter({ hasText: 'Hold still…' }).waitFor({ timeout: 60_000 })
    await pageItems().first().waitFor({ timeout: 90_000 })
    await app.page
      .getByRole('status')
      .filter({ hasText: 'Page taken. Lift it away and lay down the next one.' })
      .waitFor({ timeout: 30_000 })
    // The same page lying still is not taken again after the cool-down.
    await app.page.waitForTimeout(4000)
    await expect(pageItems().count()).resolves.toBe(1)
    await expect(app.page.getByRole('status').filter({ hasText: 'Page taken' }).count()).resolves.toBe(1)
  })
})
