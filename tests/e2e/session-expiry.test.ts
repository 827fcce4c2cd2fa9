import { join } from 'node:path'
import { expect, it } from 'vitest'
import { useApp } from './support/app'
import { fillHeader, pasteLines, readStore } from './support/scanner'
import { CLERK, FIXTURES_DIR } from './support/server'

// A clerk's session ends while an invoice waits to be sent (expired, or ended in another tab). The server
// answers as Frappe v15/v16 do, 403 with session_expired: 1; the app must take that as "signed out": ask the
// clerk to sign in again and keep the invoice waiting, not mark it failed, and send it once after sign-in.
const RECEIPT = join(FIXTURES_DIR, 'rossmann_27022020_01_00195.jpg')
const app = useApp({ signInAs: CLERK })

interface StoredDraft {
  header: { bill_no: string }
  submission?: { phase: string; lastError?: { message: string; status?: number } }
}

/** The answer to the app's check for another invoice with this Bill No (debounced after typing). */
const billNoLookup = (billNo: string) =>
  app.page.waitForResponse((r) => r.url().includes('/api/resource/Purchase%20Invoice') && decodeURIComponent(r.url()).includes(billNo))

const draftFor = async (billNo: string) => (await readStore<StoredDraft>(app.page, 'drafts')).find((d) => d.header.bill_no === billNo)

it('asks a clerk whose session expired to sign in again, keeps the invoice waiting, and sends it once after', async () => {
  const billNo = `EXPIRED-${Date.now()}`
  await app.page.locator('input[type="file"]').first().setInputFiles([RECEIPT])
  await app.page.getByRole('listitem', { name: 'Page 1' }).waitFor({ timeout: 60_000 })
  const lookedUp = billNoLookup(billNo)
  await fillHeader(app.page, { search: 'Rossm', supplier: /Rossmann/, billNo })
  await pasteLines(app.page, 'PAPER-A4\t2\t4,99\nPEN-BLUE\t10\t0,89')
  await expect.poll(async () => (await draftFor(billNo))?.header.bill_no).toBe(billNo)

  // Nothing else on its way (the Bill No lookup, the supplier list): the first request with the dead session must be
  // the send's, or the app is signed out before Submit can be pressed, as it should be.
  await lookedUp
  await app.page.waitForLoadState('networkidle')
  // The server no longer knows the browser's session: its next answer is Frappe's 403 with session_expired.
  await app.chromium.context.addCookies([{ name: 'sid', value: 'f'.repeat(48), url: app.server.url }])
  const refused = app.page.waitForResponse((r) => r.url().includes('create_purchase_invoice'))
  await app.page.getByRole('button', { name: 'Submit invoice' }).click()
  const answer = await refused
  expect(answer.status()).toBe(403)
  expect(await answer.json()).toMatchObject({ exc_type: 'PermissionError', session_expired: 1 })

  await app.page.getByText('Your session has ended. Sign in again to continue.').first().waitFor()
  await app.page.waitForURL(/\/login/)
  // Nothing is wrong with the invoice: it waits (paused), not failed.
  await expect.poll(async () => (await draftFor(billNo))?.submission?.phase).toBe('paused')
  // The dead sid was cleared, as Frappe's clear_cookies() does.
  expect((await app.chromium.context.cookies(app.server.url)).filter((c) => c.name === 'sid')).toEqual([])

  await app.page.getByLabel('Email or user name').fill(CLERK.usr)
  await app.page.getByLabel('Password').fill(CLERK.pwd)
  await app.page.getByRole('button', { name: 'Sign in' }).click()
  await app.page.waitForURL(/\/scan/)
  // The draft comes back from IndexedDB after the Scanner mounts: wait for it rather than read the field at once.
  await expect.poll(() => app.page.getByLabel('Bill No').inputValue(), { timeout: 10_000 }).toBe(billNo)
  await app.page.getByRole('button', { name: 'Submit invoice' }).click()
  await app.page.getByRole('heading', { name: 'Invoice sent' }).waitFor({ timeout: 60_000 })

  const list = await app.page.request.get(
    `${app.server.url}/api/resource/Purchase Invoice?fields=${encodeURIComponent('["name","status","scan_status","items_received"]')}&filters=${encodeURIComponent(JSON.stringify([['bill_no', '=', billNo]]))}`,
  )
  expect((await list.json()) as unknown).toEqual({
    data: [expect.objectContaining({ status: 'Draft', scan_status: 'Complete', items_received: 2 })],
  })
})

// Another tab's answer cleared the sid (or the clerk signed out there): this tab now sends as a Guest, and the
// server answers as Frappe v15 answers a Guest, 403 PermissionError without session_expired
// (frappe/__init__.py `is_whitelisted`). The app asks who is signed in, hears "nobody", and keeps the invoice waiting.
it('takes a Guest’s plain 403 as signed out when get_logged_user agrees, and keeps the invoice waiting', async () => {
  const billNo = `GUEST-${Date.now()}`
  await app.page.locator('input[type="file"]').first().setInputFiles([RECEIPT])
  await app.page.getByRole('listitem', { name: 'Page 1' }).waitFor({ timeout: 60_000 })
  const lookedUp = billNoLookup(billNo)
  await fillHeader(app.page, { search: 'Rossm', supplier: /Rossmann/, billNo })
  await pasteLines(app.page, 'PAPER-A4\t1\t4,99')
  await expect.poll(async () => (await draftFor(billNo))?.header.bill_no).toBe(billNo)

  await lookedUp
  await app.page.waitForLoadState('networkidle')
  await app.chromium.context.clearCookies({ name: 'sid' })
  const refused = app.page.waitForResponse((r) => r.url().includes('create_purchase_invoice'))
  const asked = app.page.waitForResponse((r) => r.url().includes('frappe.auth.get_logged_user'))
  await app.page.getByRole('button', { name: 'Submit invoice' }).click()
  const answer = await refused
  expect(answer.status()).toBe(403)
  const body = (await answer.json()) as Record<string, unknown>
  expect(body).toMatchObject({ exc_type: 'PermissionError' })
  expect(body).not.toHaveProperty('session_expired')
  expect((await asked).status()).toBe(403)

  await app.page.getByText('Your session has ended. Sign in again to continue.').first().waitFor()
  await app.page.waitForURL(/\/login/)
  await expect.poll(async () => (await draftFor(billNo))?.submission?.phase).toBe('paused')
  expect((await draftFor(billNo))?.submission?.lastError?.status).toBe(403)
})
