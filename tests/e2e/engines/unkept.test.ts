import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useApp } from '../support/app'
import { fillHeader, pasteLines, readStore } from '../support/scanner'
import { CLERK, FIXTURES_DIR } from '../support/server'

/**
 * A browser window whose IndexedDB keeps neither Blobs nor plain bytes (some private modes and locked-down
 * profiles). No engine here behaves so by default, so Chromium's IndexedDB is made to refuse both, the way
 * WebKit's ephemeral sessions refuse Blobs ("Error preparing Blob/File data…"); the rest of the app is real.
 */
const RECEIPTS = ['hornbach_23092016_03_15200.jpg', 'ikea_08102016_12_13439.jpg'].map((f) => join(FIXTURES_DIR, f))

const app = useApp({
  signInAs: CLERK,
  initScript: () => {
    const holdsBytes = (value: unknown, depth = 0): boolean =>
      value instanceof Blob ||
      value instanceof ArrayBuffer ||
      (depth < 3 && !!value && typeof value === 'object' && Object.values(value).some((v) => holdsBytes(v, depth + 1)))
    for (const method of ['put', 'add'] as const) {
      const original = IDBObjectStore.prototype[method]
      IDBObjectStore.prototype[method] = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
        if (holdsBytes(value)) throw new DOMException('Error preparing Blob/File data to be stored in object store', 'DataCloneError')
        return original.call(this, value, key)
      }
    }
  },
})

async function serverInvoices(billNo: string): Promise<{ name: string }[]> {
  const filters = encodeURIComponent(JSON.stringify([['bill_no', '=', billNo]]))
  const response = await app.page.request.get(`${app.server.url}/api/resource/Purchase Invoice?filters=${filters}`)
  expect(response.status()).toBe(200)
  return ((await response.json()) as { data: { name: string }[] }).data
}

async function attachments(name: string): Promise<number> {
  const filters = encodeURIComponent(JSON.stringify([['attached_to_name', '=', name]]))
  const response = await app.page.request.get(`${app.server.url}/api/resource/File?filters=${filters}`)
  expect(response.status()).toBe(200)
  return ((await response.json()) as { data: unknown[] }).data.length
}

describe('a window that can keep no photos', () => {
  it('says so at start and on each photo’s row, and never sends fewer pages than added without saying so', async () => {
    const { page } = app
    await page.getByText("This private window can't keep photos: open the Scanner in a normal window to add pages.").waitFor()

    await page.locator('input[type="file"]').first().setInputFiles(RECEIPTS)
    const rows = page.getByRole('region', { name: 'Files not added' }).getByRole('listitem')
    await rows.nth(RECEIPTS.length - 1).waitFor({ timeout: 60_000 })
    const NOT_KEPT =
      'This browser window cannot keep photos (its storage refuses them), so this page was not added. Open the Scanner in a normal window.'
    expect((await rows.allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim())).toEqual([
      expect.stringContaining(`hornbach_23092016_03_15200.jpg: ${NOT_KEPT}`),
      expect.stringContaining(`ikea_08102016_12_13439.jpg: ${NOT_KEPT}`),
    ])
    expect(await page.getByRole('list', { name: 'Pages' }).getByRole('listitem').count()).toBe(0)
    expect(await readStore(page, 'pages')).toEqual([])

    const billNo = `UNKEPT-${Date.now()}`
    await fillHeader(page, { search: 'Hornb', supplier: /Hornbach/, billNo })
    await pasteLines(page, 'PAPER-A4\t2\t3,50')
    await page.getByRole('button', { name: 'Submit invoice' }).click()
    await page
      .getByRole('alert')
      .filter({ hasText: '2 photos you added could not be kept on this device, so this invoice would be sent without them.' })
      .waitFor()
    expect(await serverInvoices(billNo)).toEqual([])

    // Told, the clerk dismisses the messages and sends without the photos: the success says how many pages went.
    for (const file of ['hornbach_23092016_03_15200.jpg', 'ikea_08102016_12_13439.jpg'])
      await page.getByRole('button', { name: `Dismiss message about ${file}` }).click()
    await page.getByRole('button', { name: 'Submit invoice' }).click()
    const sent = (await page.getByTestId('sent-invoice-name').textContent({ timeout: 60_000 }))?.trim() ?? ''
    expect(await page.getByText(/Bill No UNKEPT-\d+: 1 lines?, 0 pages\./).count()).toBe(1)
    expect(await serverInvoices(billNo)).toEqual([{ name: sent }])
    expect(await attachments(sent)).toBe(0)
  })
})
