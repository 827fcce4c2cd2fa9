import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { useApp } from './support/app'
import { CLERK, FIXTURES_DIR, REPO_ROOT } from './support/server'

// A browser that talks to the backend with an API key pair instead of a session cookie: an <img> sends no
// Authorization header, so the invoice's attached pages must come through the API client to be seen.
const RECEIPT = join(FIXTURES_DIR, 'rossmann_27022020_01_00195.jpg')
const METHOD = '/api/method/custom_erp.custom_erp.purchase_invoice.api'
const app = useApp()

function issueKey(user: string): { key: string; secret: string } {
  const printed = execFileSync(process.execPath, ['--import', 'tsx', 'server/src/cli/issueApiKey.ts', user], {
    cwd: REPO_ROOT,
    env: { ...process.env, SCANNER_DATA_DIR: app.server.dataDir },
    encoding: 'utf8',
  }).trim()
  const [key = '', secret = ''] = printed.split(':')
  return { key, secret }
}

it('shows an invoice’s attached page to a browser signed in only by an API key pair', async () => {
  const { key, secret } = issueKey(CLERK.usr)
  const authorization = `token ${key}:${secret}`
  const created = await fetch(`${app.server.url}${METHOD}.create_purchase_invoice`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify({
      client_request_id: `api-key-${Date.now()}`,
      supplier: 'Rossmann',
      bill_no: `KEY-${Date.now()}`,
      bill_date: '2026-11-20',
      expected_items: 1,
      items: [{ item_code: 'PAPER-A4', qty: 1, rate: 4.99 }],
    }),
  })
  expect(created.status).toBe(200)
  const { name } = ((await created.json()) as { message: { name: string } }).message
  const form = new FormData()
  form.append('doctype', 'Purchase Invoice')
  form.append('docname', name)
  form.append('file', new Blob([readFileSync(RECEIPT)]), 'receipt.jpg')
  expect((await fetch(`${app.server.url}/api/method/upload_file`, { method: 'POST', headers: { authorization }, body: form })).status).toBe(
    200,
  )

  // No session cookie in this browser: the key pair goes into Settings.
  await app.page.goto(`${app.server.url}/settings`)
  await app.page.getByLabel('API key').fill(key)
  await app.page.getByLabel('API secret').fill(secret)
  await app.page.getByRole('button', { name: 'Save' }).click()
  await app.page.goto(`${app.server.url}/invoices/${encodeURIComponent(name)}`)
  await app.page.getByRole('heading', { name }).waitFor()
  expect((await app.chromium.context.cookies()).filter((c) => c.name === 'sid' && c.value !== 'Guest')).toEqual([])

  const image = app.page.getByRole('img', { name: 'Page 1: receipt.jpg' })
  await image.waitFor()
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0)
  await expect(image.getAttribute('src')).resolves.toMatch(/^blob:/)
  // A thumbnail made on the device, not the stored page scaled down by the browser.
  await expect(image.evaluate((img: HTMLImageElement) => Math.max(img.naturalWidth, img.naturalHeight))).resolves.toBeLessThanOrEqual(320)

  await app.page.getByRole('button', { name: 'Open page 1 full size' }).click()
  const full = app.page.getByRole('img', { name: /^Page 1, full size/ })
  await expect.poll(() => full.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(320)
})
