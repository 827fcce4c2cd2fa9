import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { signIn, useApp } from './support/app'
import { CLERK, FIXTURES_DIR } from './support/server'

// The app as Chromium sees it for installing: a manifest with icons, install criteria met, and a share target
// through which a photo or PDF from another app becomes pages of the current draft, even with the app closed.

const app = useApp()
const RECEIPTS = readdirSync(FIXTURES_DIR)
  .filter((name) => name.endsWith('.jpg'))
  .slice(0, 2)
  .map((name) => join(FIXTURES_DIR, name))
/** Pages of the clerk's current draft so far, carried from one test to the next. */
let pagesInDraft = 0

const pageItems = (page: Page) => page.getByRole('list', { name: 'Pages' }).getByRole('listitem')

/** Shares files to the app the way Android's share sheet does: a multipart POST navigation to the share target. */
async function share(from: Page, files: string[]): Promise<void> {
  await from.setContent(
    `<form method="post" enctype="multipart/form-data" action="${app.server.appUrl}/share-target">` +
      '<input type="file" name="pages" multiple><input name="title" value="Receipts"><button>Share</button></form>',
  )
  await from.locator('input[type="file"]').setInputFiles(files)
  await Promise.all([
    from.waitForURL((url) => url.pathname !== 'blank' && url.origin === new URL(app.server.url).origin),
    from.getByRole('button', { name: 'Share' }).click(),
  ])
}

/** Records waiting in the share inbox the service worker writes. */
const inboxCount = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('invoice-scanner-inbox', 1)
        open.onupgradeneeded = () => open.result.createObjectStore('shared', { autoIncrement: true })
        open.onerror = () => reject(open.error)
        open.onsuccess = () => {
          const count = open.result.transaction('shared').objectStore('shared').count()
          count.onsuccess = () => {
            open.result.close()
            resolve(count.result)
          }
        }
      }),
  )

describe('the installable app', () => {
  it('has a web app manifest with name, icons (192, 512, maskable), start_url, scope, standalone display and colours', async () => {
    await app.page.goto(`${app.server.appUrl}/login`)
    const href = await app.page.locator('link[rel="manifest"]').getAttribute('href')
    const response = await app.page.request.get(new URL(href!, app.server.url).href)
    expect(response.ok()).toBe(true)
    expect(response.headers()['content-type']).toMatch(/application\/manifest\+json/)
    const manifest = (await response.json()) as Record<string, unknown> & {
      icons: Array<{ src: string; sizes: string; purpose: string; type: string }>
    }
    expect(manifest).toMatchObject({
      name: 'Invoice Scanner',
      short_name: 'Scanner',
      display: 'standalone',
      start_url: './scan',
      scope: './',
    })
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i)
    expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i)
    for (const [sizes, purpose] of [
      ['192x192', 'any'],
      ['512x512', 'any'],
      ['512x512', 'maskable'],
    ]) {
      const icon = manifest.icons.find((candidate) => candidate.sizes === sizes && candidate.purpose === purpose)
      expect(icon, `${sizes} ${purpose}`).toBeDefined()
      const png = await app.page.request.get(new URL(icon!.src, new URL(href!, app.server.url)).href)
      expect(png.headers()['content-type']).toBe('image/png')
      const bytes = await png.body()
      // The PNG's own header says how big it is (IHDR width and height).
      expect(`${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`).toBe(sizes)
    }
  })

  it('meets Chromium’s install criteria (no installability errors)', async () => {
    await signIn(app.page, app.server, CLERK)
    await app.page.evaluate(async () => void (await navigator.serviceWorker.ready))
    const cdp = await app.chromium.context.newCDPSession(app.page)
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: Array<{ errorId: string }>
    }
    expect(installabilityErrors.map((error) => error.errorId)).toEqual([])
    const { errors } = (await cdp.send('Page.getAppManifest')) as { errors: Array<{ message: string }> }
    expect(errors.map((error) => error.message)).toEqual([])
    await cdp.detach()
  })

  it('takes photos shared from another app as pages of the current draft', async () => {
    const before = await pageItems(app.page).count()
    pagesInDraft = before + 2
    const sharing = await app.chromium.context.newPage()
    await share(sharing, RECEIPTS)
    await sharing.waitForURL(/\/scan\?shared=2$/)
    await expect.poll(() => pageItems(sharing).count(), { timeout: 60_000 }).toBe(before + 2)
    await sharing.getByText('2 shared files added as pages.').waitFor()
    // Taken once: the inbox is empty, and a reload adds nothing again.
    expect(await inboxCount(sharing)).toBe(0)
    await sharing.reload()
    await sharing.getByRole('heading', { name: /^Pages/ }).waitFor()
    await expect.poll(() => pageItems(sharing).count()).toBe(before + 2)
    await sharing.close()
  })

  it('keeps a share made while nobody is signed in, with the app closed, until the clerk signs in', async () => {
    await app.page.getByRole('button', { name: 'Sign out' }).click()
    await app.page.getByRole('button', { name: 'Sign in' }).waitFor()
    await app.page.close()
    const sharing = await app.chromium.context.newPage()
    await share(sharing, [RECEIPTS[0]!])
    // Not signed in: the app asks for that first, and the shared page waits on the device.
    await sharing.getByRole('button', { name: 'Sign in' }).waitFor()
    expect(await inboxCount(sharing)).toBe(1)
    const before = pagesInDraft
    await sharing.getByLabel('Email or user name').fill(CLERK.usr)
    await sharing.getByLabel('Password').fill(CLERK.pwd)
    await sharing.getByRole('button', { name: 'Sign in' }).click()
    await sharing.waitForURL(/\/scan/)
    await expect.poll(() => pageItems(sharing).count(), { timeout: 60_000 }).toBe(before + 1)
    expect(await inboxCount(sharing)).toBe(0)
    app.page = sharing
  })

  it('a share the worker cannot read still opens the Scanner, which says so', async () => {
    const response = await app.page.evaluate(async () => {
      const answer = await fetch('/share-target', { method: 'POST', body: 'not a form', headers: { 'content-type': 'text/plain' } })
      return { redirected: answer.redirected, url: answer.url }
    })
    expect(response.redirected).toBe(true)
    expect(new URL(response.url).search).toBe('?shared=failed')
    await app.page.goto(response.url)
    await app.page.getByText('A shared file could not be received. Share it again, or add it with Add photos.').waitFor()
  })
})
