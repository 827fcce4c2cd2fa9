import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest'
import { launchChromium, type LaunchedChromium } from './support/browser'
import { startHarnessServer, type HarnessServer } from './support/devServer'

// The harness page runs the real store and composable from src/ through Vite's dev server; this test
// counts URLs by itself, by wrapping URL.createObjectURL/revokeObjectURL before any app code runs.
const harnessPath = '/tests/e2e/harness/object-urls.html'

let vite: HarnessServer
let baseUrl: string
let chromium: LaunchedChromium
let page: Page

beforeAll(async () => {
  vite = await startHarnessServer({ entries: [harnessPath.slice(1)] })
  baseUrl = vite.baseUrl
  chromium = await launchChromium()
})

afterAll(async () => {
  await chromium?.close()
  await vite?.close()
})

beforeEach(async () => {
  page = await chromium.context.newPage()
  await page.addInitScript(() => {
    const log = { created: [] as string[], revoked: [] as string[] }
    const create = URL.createObjectURL.bind(URL)
    const revoke = URL.revokeObjectURL.bind(URL)
    URL.createObjectURL = (obj: Blob | MediaSource) => {
      const url = create(obj)
      log.created.push(url)
      return url
    }
    URL.revokeObjectURL = (url: string) => {
      log.revoked.push(url)
      revoke(url)
    }
    ;(window as unknown as { __urls: typeof log }).__urls = log
  })
  await page.goto(`${baseUrl}${harnessPath}`)
  await page.waitForFunction(() => (window as unknown as { __harnessReady?: boolean }).__harnessReady === true)
})

afterEach(async () => {
  await page?.close()
})

interface UrlLog {
  created: string[]
  revoked: string[]
}

/** URLs the browser was asked to make and not yet asked to revoke, as counted by the init script. */
async function urlLog(): Promise<UrlLog & { live: string[] }> {
  const log = await page.evaluate(() => (window as unknown as { __urls: UrlLog }).__urls)
  return { ...log, live: log.created.filter((url) => !log.revoked.includes(url)) }
}

/** Fetches each URL in the page: the byte count when it loads, or the error when it is revoked. */
async function fetchEach(urls: string[]): Promise<Array<number | string>> {
  return page.evaluate(async (list) => {
    return Promise.all(
      list.map(async (url) => {
        try {
          return (await (await fetch(url)).blob()).size
        } catch (error) {
          return `failed: ${(error as Error).name}`
        }
      }),
    )
  }, urls)
}

type Harness = {
  showPages(n: number): Promise<void>
  replacePage(i: number): Promise<void>
  leavePages(): Promise<void>
  openFullSize(i: number): Promise<void>
  closeFullSize(): Promise<void>
  store(): { count: number; bytes: number }
  memory(): { heapSupported: boolean; heapUsed: number | null; objectUrlBytes: number }
  blobBytes(): number
}
const harness = <K extends keyof Harness>(name: K, ...args: Parameters<Harness[K]>) =>
  page.evaluate(
    ({ name, args }) => (window as unknown as { __harness: Record<string, (...a: unknown[]) => unknown> }).__harness[name]!(...args),
    { name, args: args as unknown[] },
  ) as Promise<Awaited<ReturnType<Harness[K]>>>

it('revokes every thumbnail URL when the pages are left, so the browser can no longer load them', async () => {
  await harness('showPages', 8)
  const thumbs = page.getByRole('list', { name: 'Pages' }).getByRole('img')
  expect(await thumbs.count()).toBe(8)
  // Every thumbnail really shows its image.
  await page.waitForFunction(() => [...document.querySelectorAll('img')].every((img) => img.complete && img.naturalWidth > 0))

  const shown = await urlLog()
  expect(shown.created).toHaveLength(8)
  expect(shown.live).toHaveLength(8)
  const srcs = await thumbs.evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).src))
  expect(new Set(srcs)).toEqual(new Set(shown.live))
  const bytes = await harness('blobBytes')
  expect(await harness('store')).toEqual({ count: 8, bytes })
  expect(await page.locator('#live').textContent()).toBe(`Live object URLs: 8 (${bytes} bytes)`)
  // The memory store reads Chromium's real heap figure and counts the URLs' Blobs in its own account.
  const memory = await harness('memory')
  expect(memory).toEqual({ heapSupported: true, heapUsed: expect.any(Number), objectUrlBytes: bytes })
  expect(memory.heapUsed).toBeGreaterThan(0)
  const loaded = await fetchEach(shown.live)
  expect(loaded.every((size) => typeof size === 'number' && size > 0)).toBe(true)

  await harness('leavePages')
  const left = await urlLog()
  expect(left.live).toEqual([])
  expect(new Set(left.revoked)).toEqual(new Set(shown.created))
  expect(await harness('store')).toEqual({ count: 0, bytes: 0 })
  expect(await page.locator('#live').textContent()).toBe('Live object URLs: 0 (0 bytes)')
  expect((await harness('memory')).objectUrlBytes).toBe(0)
  expect(await fetchEach(shown.created)).toEqual(Array(8).fill('failed: TypeError'))
})

it('revokes the old URL when a page is retaken, and keeps the others', async () => {
  await harness('showPages', 3)
  const before = await urlLog()
  await harness('replacePage', 1)
  const after = await urlLog()

  expect(after.created).toHaveLength(4)
  expect(after.revoked).toEqual([before.created[1]])
  expect(after.live).toHaveLength(3)
  const second = page.getByRole('img', { name: 'Page 2' })
  expect(await second.getAttribute('src')).toBe(after.created[3])
  expect(await fetchEach([before.created[1]!, after.created[3]!])).toEqual(['failed: TypeError', expect.any(Number)])

  await harness('leavePages')
  expect((await urlLog()).live).toEqual([])
})

it('makes the full-size URL when a page is opened and revokes it when closed', async () => {
  await harness('showPages', 2)
  await harness('openFullSize', 0)
  const opened = await urlLog()
  const full = await page.getByRole('img', { name: 'Full size page' }).getAttribute('src')
  expect(opened.live).toHaveLength(3)
  expect(full).toBe(opened.created[2])
  expect((await harness('store')).count).toBe(3)

  await harness('closeFullSize')
  const closed = await urlLog()
  expect(closed.revoked).toEqual([full])
  expect(closed.live).toHaveLength(2)
  expect(await fetchEach([full!])).toEqual(['failed: TypeError'])
})
