// Draws the app's PNG icons (public/icons/) from public/favicon.svg in Chromium, so the installed app's
// icon is the same picture as the tab's. Run after changing the SVG: `npm run icons`; the PNGs are committed.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { findChromium } from '../tests/e2e/support/browser.ts'

const root = join(import.meta.dirname, '..')
const svg = readFileSync(join(root, 'public/favicon.svg'), 'utf8')
const BRAND = '#1f4e79'

/**
 * `any` icons are the SVG edge to edge; a `maskable` one keeps the picture inside the central 80 % circle
 * the launcher may cut to, on the brand colour.
 */
const ICONS = [
  { file: 'icon-192.png', size: 192, inset: 0 },
  { file: 'icon-512.png', size: 512, inset: 0 },
  { file: 'icon-maskable-512.png', size: 512, inset: 0.2 },
  { file: 'apple-touch-icon-180.png', size: 180, inset: 0.1 },
]

const browser = await chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox', '--disable-gpu'] })
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 })
  for (const icon of ICONS) {
    const inner = Math.round(icon.size * (1 - icon.inset))
    await page.setViewportSize({ width: icon.size, height: icon.size })
    await page.setContent(
      `<html><body style="margin:0;display:grid;place-items:center;width:${icon.size}px;height:${icon.size}px;background:${icon.inset ? BRAND : 'transparent'}">` +
        `<img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}" width="${inner}" height="${inner}"></body></html>`,
    )
    await page.locator('img').evaluate((img: HTMLImageElement) => img.decode())
    const png = await page.screenshot({ omitBackground: !icon.inset, clip: { x: 0, y: 0, width: icon.size, height: icon.size } })
    writeFileSync(join(root, 'public/icons', icon.file), png)
    console.log(`public/icons/${icon.file}: ${icon.size} px, ${png.length} bytes`)
  }
} finally {
  await browser.close()
}
