import { join } from 'node:path'
import { expect, it } from 'vitest'
import { signIn, useApp } from './support/app'
import { ADMIN, CLERK, FIXTURES_DIR } from './support/server'

const app = useApp()

/** The `<dd>` of the figure whose `<dt>` is `label`, inside the section headed `section`. */
function figure(section: 'This tab' | 'Server', label: string) {
  return app.page
    .getByRole('region', { name: section })
    .locator('.status-figure')
    .filter({ has: app.page.locator('dt', { hasText: new RegExp(`^${label.replace(/[()]/g, '\\$&')}$`) }) })
    .locator('dd')
}

async function openStatus(): Promise<void> {
  await app.page.goto(`${app.server.appUrl}/status`)
  await app.page.getByRole('heading', { level: 1, name: 'Status' }).waitFor()
  await figure('Server', 'Resident memory (RSS)').waitFor({ state: 'attached' })
}

it('shows the Administrator this tab’s and the server’s memory, and a forced cleanup’s before, after and freed figures', async () => {
  await signIn(app.page, app.server, ADMIN)
  await openStatus()

  // In the clerk's words first; the technical figures one click away under Details.
  await expect(figure('This tab', 'Memory used by this tab').textContent()).resolves.toMatch(
    /^\s*\d+\.\d (KB|MB|GB) \(of \d+\.\d (MB|GB)\)\s*$/,
  )
  await expect(figure('This tab', 'Pages kept on this device').textContent()).resolves.toMatch(/^\s*\d+\s*$/)
  await expect(figure('Server', 'Room for more invoices').textContent()).resolves.toMatch(/Plenty|Getting full|Full/)
  const details = app.page.getByRole('region', { name: 'This tab' }).locator('details').first()
  expect(await figure('This tab', 'JS heap used').isVisible()).toBe(false)
  await details.getByText('Details', { exact: true }).click()
  expect(await figure('This tab', 'JS heap used').isVisible()).toBe(true)
  await app.page.getByRole('region', { name: 'Server' }).getByText('Details', { exact: true }).click()

  // This tab, in Chromium: the real JS heap, not the estimate.
  await expect(figure('This tab', 'JS heap used').textContent()).resolves.toMatch(/^\s*\d+\.\d (KB|MB|GB)\s*$/)
  await expect(figure('This tab', 'JS heap limit').textContent()).resolves.toMatch(/\d+\.\d (MB|GB)/)
  await expect(figure('This tab', 'Level').textContent()).resolves.toMatch(/OK|Warning|Critical/)
  await expect(figure('This tab', 'Pages held in IndexedDB').textContent()).resolves.toMatch(/^\s*\d+\s*$/)
  await expect(figure('This tab', 'Storage used').textContent()).resolves.toMatch(
    /^\s*\d+(\.\d)? (B|KB|MB|GB) \(of \d+\.\d (MB|GB|TB)\)\s*$/,
  )

  // The server, as get_memory_status answers it.
  await expect(figure('Server', 'Resident memory (RSS)').textContent()).resolves.toMatch(/^\s*\d+\.\d MB \(limit 2\.0 GB\)\s*$/)
  await expect(figure('Server', 'Level').textContent()).resolves.toMatch(/OK|Warning|Critical/)
  await expect(figure('Server', 'Garbage collection').textContent()).resolves.toContain('Available')
  await expect(figure('Server', 'Last cleanup').textContent()).resolves.toContain('None since the server started')

  // The memory monitor keeps sampling this tab, and the server is polled while visible: a second reading
  // arrives on its own in each chart, and each chart's summary says so.
  const tabChart = app.page.getByRole('region', { name: 'This tab' }).getByRole('img')
  await expect
    .poll(() => tabChart.getAttribute('aria-label'), { timeout: 30_000 })
    .toMatch(/^JS heap used, last 10 minutes: (?:[2-9]|\d{2,}) readings, lowest \d+\.\d (KB|MB|GB)/)
  const serverChart = app.page.getByRole('region', { name: 'Server' }).getByRole('img')
  await expect
    .poll(() => serverChart.getAttribute('aria-label'), { timeout: 30_000 })
    .toMatch(/^Server resident memory, last 10 minutes: (?:[2-9]|\d{2,}) readings, lowest \d+\.\d MB/)

  await app.page.getByRole('button', { name: 'Force cleanup' }).click()
  const result = app.page.getByRole('region', { name: 'Last forced cleanup' })
  await result.waitFor()
  const text = (await result.textContent()) ?? ''
  expect(text).toMatch(/Before\s*\d+\.\d MB/)
  expect(text).toMatch(/After\s*\d+\.\d MB/)
  expect(text).toMatch(/Freed\s*−?\d+(\.\d)? (B|KB|MB)/)
  // The server now reports the cleanup it just ran.
  await app.page.getByRole('region', { name: 'Server' }).locator('time[datetime]').waitFor()
})

it('does not offer Force cleanup to the clerk, who can still clean up this tab', async () => {
  await app.chromium.context.clearCookies()
  await signIn(app.page, app.server, CLERK)
  await openStatus()

  await expect(figure('Server', 'Resident memory (RSS)').textContent()).resolves.toMatch(/\d+\.\d MB/)
  await expect(app.page.getByRole('button', { name: 'Force cleanup' }).count()).resolves.toBe(0)

  await app.page.getByRole('button', { name: 'Clean up now' }).click()
  const table = app.page.getByRole('table')
  await table.waitFor()
  await expect(table.getByRole('row', { name: /Live object URLs/ }).textContent()).resolves.toMatch(/Live object URLs\s*\d+\s*\d+/)
  await expect(table.getByRole('row', { name: /JS heap used/ }).count()).resolves.toBe(1)
})

it('counts the clerk’s photos: pages held in IndexedDB and photos processed, after visiting the Scanner', async () => {
  await app.page.getByRole('link', { name: 'Scanner', exact: true }).click()
  await app.page.getByRole('heading', { name: 'Scanner' }).waitFor()
  const receipts = ['aldi_02032020_19_02423.jpg', 'ikea_08102016_12_13439.jpg']
  await app.page.getByLabel('Add photos').setInputFiles(receipts.map((name) => join(FIXTURES_DIR, name)))
  await app.page.waitForFunction(
    () => document.querySelectorAll('[role="list"][aria-label="Pages"] > [role="listitem"]').length === 2,
    null,
    {
      timeout: 90_000,
    },
  )

  // In-app navigation, so the count of photos processed since the app started survives.
  await app.page.getByRole('link', { name: 'Status', exact: true }).click()
  await figure('Server', 'Resident memory (RSS)').waitFor({ state: 'attached' })
  await expect.poll(() => figure('This tab', 'Pages held in IndexedDB').textContent()).toMatch(/^\s*2\s*$/)
  await expect(figure('This tab', 'Photos processed').textContent()).resolves.toMatch(/^\s*2\s*$/)
  await expect(figure('This tab', 'Image worker').textContent()).resolves.toMatch(/^\s*(Idle|Not running)\s*$/)
})
