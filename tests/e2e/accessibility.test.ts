import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { signIn, useApp } from './support/app'
import { ADMIN, FIXTURES_DIR } from './support/server'

// axe-core's rules run in the real page: what a screen reader or keyboard user would trip over, by page.
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const RECEIPT = join(FIXTURES_DIR, 'rossmann_27022020_01_00195.jpg')

interface Violation {
  id: string
  impact: string | null
  help: string
  nodes: Array<{ target: string[] }>
}

const app = useApp({ signInAs: ADMIN })

async function violations(): Promise<string[]> {
  await app.page.addScriptTag({ content: AXE })
  const found = await app.page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Violation[] }> } }).axe
    return (await axe.run(document, { resultTypes: ['violations'] })).violations
  })
  return found.map((v) => `${v.impact}: ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

describe('no accessibility violations (axe-core)', () => {
  it('on the Scanner with a page, a line and the camera open', async () => {
    await app.page.locator('input[type="file"]').first().setInputFiles([RECEIPT])
    await app.page.getByRole('listitem', { name: 'Page 1' }).waitFor({ timeout: 60_000 })
    await app.page.getByRole('button', { name: 'Paste lines' }).click()
    await app.page.getByLabel('Lines to paste').fill('PAPER-A4\t2\t4,99')
    await app.page.getByRole('button', { name: 'Add lines' }).click()
    await app.page.getByRole('button', { name: 'Open camera' }).click()
    await app.page.getByRole('button', { name: 'Take photo' }).waitFor()
    expect(await violations()).toEqual([])
  })

  it.each([
    ['Invoices', '/invoices', 'Outbox'],
    ['Status', '/status', 'Status'],
    ['Settings', '/settings', 'Settings'],
  ])('on %s', async (_name, path, heading) => {
    await app.page.goto(`${app.server.appUrl}${path}`)
    await app.page.getByRole('heading', { name: heading }).first().waitFor()
    expect(await violations()).toEqual([])
  })

  it('on an invoice with its attached page open full size', async () => {
    const name = await app.page.evaluate(async (receipt) => {
      const method = '/api/method/custom_erp.custom_erp.purchase_invoice.api'
      const info = (await (await fetch(`${method}.get_session_info`)).json()) as { message: { csrf_token: string } }
      const headers = { 'x-frappe-csrf-token': info.message.csrf_token }
      const created = await fetch(`${method}.create_purchase_invoice`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({
          client_request_id: `a11y-${Date.now()}`,
          supplier: 'Rossmann',
          bill_no: `A11Y-${Date.now()}`,
          bill_date: '2026-11-20',
          expected_items: 1,
          items: [{ item_code: 'PAPER-A4', qty: 1, rate: 4.99 }],
        }),
      })
      const invoice = ((await created.json()) as { message: { name: string } }).message.name
      const form = new FormData()
      form.append('doctype', 'Purchase Invoice')
      form.append('docname', invoice)
      form.append('file', new Blob([Uint8Array.from(atob(receipt), (c) => c.charCodeAt(0))], { type: 'image/jpeg' }), 'receipt.jpg')
      await fetch('/api/method/upload_file', { method: 'POST', headers, body: form })
      return invoice
    }, readFileSync(RECEIPT).toString('base64'))
    await app.page.goto(`${app.server.appUrl}/invoices/${encodeURIComponent(name)}`)
    await app.page.getByRole('img', { name: 'Page 1: receipt.jpg' }).waitFor()
    expect(await violations()).toEqual([])
    await app.page.getByRole('button', { name: 'Open page 1 full size' }).click()
    await app.page.getByRole('img', { name: /^Page 1, full size/ }).waitFor()
    expect(await violations()).toEqual([])
    await app.page.getByRole('button', { name: 'Close' }).click()
  })

  it('finds a problem when there is one (the check itself works)', async () => {
    await app.page.evaluate(() =>
      document.querySelector('main')!.append(Object.assign(document.createElement('img'), { src: '/favicon.svg' })),
    )
    expect((await violations()).join('\n')).toContain('image-alt')
    await app.page.reload()
  })

  it('on the sign-in page', async () => {
    await app.page.getByRole('button', { name: 'Sign out' }).click()
    await app.page.getByRole('button', { name: 'Sign in' }).waitFor()
    expect(await violations()).toEqual([])
  })
})

describe('no accessibility violations in dark mode (axe-core, contrast included)', () => {
  it.each([
    ['Scanner', '/scan', 'Scanner'],
    ['Invoices', '/invoices', 'Outbox'],
    ['Status', '/status', 'Status'],
    ['Settings', '/settings', 'Settings'],
  ])('on %s', async (_name, path, heading) => {
    if (!(await app.page.getByRole('button', { name: 'Sign out' }).isVisible())) await signIn(app.page, app.server, ADMIN)
    await app.page.emulateMedia({ colorScheme: 'dark' })
    await app.page.goto(`${app.server.appUrl}${path}`)
    await app.page.getByRole('heading', { name: heading }).first().waitFor()
    expect(await app.page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark')
    expect(await violations()).toEqual([])
  })
})
