import { describe, expect, it } from 'vitest'
import { useApp } from './support/app'
import { CLERK } from './support/server'

// Money, numbers and dates in the clerk's language (from the browser, or chosen in Settings), <html lang>
// following it, and dark mode from the system or from Settings.

const app = useApp({ signInAs: CLERK })

async function sendInvoice(): Promise<void> {
  await app.page.evaluate(async () => {
    const method = '/api/method/custom_erp.custom_erp.purchase_invoice.api'
    const info = (await (await fetch(`${method}.get_session_info`)).json()) as { message: { csrf_token: string } }
    await fetch(`${method}.create_purchase_invoice`, {
      method: 'POST',
      headers: { 'x-frappe-csrf-token': info.message.csrf_token, 'content-type': 'application/json' },
      body: JSON.stringify({
        client_request_id: `locale-${Date.now()}`,
        supplier: 'Rossmann',
        bill_no: 'LOCALE-1',
        bill_date: '2020-05-18',
        expected_items: 1,
        items: [{ item_code: 'PAPER-A4', qty: 1, rate: 1459.5 }],
      }),
    })
  })
}

const nbsp = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ').trim()
const historyCell = (label: string) => app.page.locator(`main td[data-label="${label}"]`).first().textContent()

async function setBrowserLanguage(acceptLanguage: string): Promise<void> {
  const cdp = await app.chromium.context.newCDPSession(app.page)
  const userAgent = await app.page.evaluate(() => navigator.userAgent)
  await cdp.send('Emulation.setUserAgentOverride', { userAgent, acceptLanguage })
  await app.page.reload()
}

describe('locale formats', () => {
  it('shows money and dates as an English browser expects, with <html lang="en">', async () => {
    await sendInvoice()
    await app.page.goto(`${app.server.appUrl}/invoices`)
    await app.page.locator('main td[data-label="Bill No"]', { hasText: 'LOCALE-1' }).waitFor()
    expect(await app.page.evaluate(() => document.documentElement.lang)).toBe('en')
    expect(nbsp(await historyCell('Grand total'))).toBe('€1,459.50')
    expect(await historyCell('Bill Date')).toMatch(/^(05\/18\/2020|18\/05\/2020)$/)
  })

  it('follows a German browser: German words, 1.459,50 € and 18.05.2020, <html lang="de">', async () => {
    await setBrowserLanguage('de-DE,de;q=0.9')
    await app.page.locator('main td[data-label="Beleg-Nr."]', { hasText: 'LOCALE-1' }).waitFor()
    expect(await app.page.evaluate(() => navigator.language)).toBe('de-DE')
    expect(await app.page.evaluate(() => document.documentElement.lang)).toBe('de')
    expect(nbsp(await historyCell('Gesamtbetrag'))).toBe('1.459,50 €')
    expect(await historyCell('Belegdatum')).toBe('18.05.2020')
    // The words are German too: the page, the History table's columns, the navigation and the header.
    expect(await app.page.locator('main h1').textContent()).toBe('Rechnungen')
    expect(await app.page.locator('main th').allTextContents()).toEqual([
      'Rechnung',
      'Lieferant',
      'Beleg-Nr.',
      'Belegdatum',
      'Status',
      'Gesamtbetrag',
    ])
    await app.page.getByRole('heading', { name: 'Verlauf' }).waitFor()
    await app.page.getByRole('link', { name: 'Einstellungen' }).waitFor()
    await app.page.getByRole('button', { name: 'Abmelden' }).waitFor()
    expect(await app.page.title()).toBe('Rechnungen · Invoice Scanner')
    await app.page.getByRole('link', { name: 'Scanner', exact: true }).click()
    await app.page.getByRole('button', { name: 'Rechnung senden' }).waitFor()
    await app.page.getByRole('button', { name: 'Kamera öffnen' }).waitFor()
    await app.page.getByLabel('Beleg-Nr.').waitFor()
  })

  it('takes the choice made in Settings over the browser’s, for words and formats, and keeps it after a reload', async () => {
    await app.page.goto(`${app.server.appUrl}/settings`)
    const choice = app.page.locator('#locale-choice')
    expect(await app.page.locator('label[for="locale-choice"]').textContent()).toBe('Sprache, Zahlen, Beträge und Datum')
    await choice.selectOption({ label: 'English' })
    await app.page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor()
    expect(await app.page.evaluate(() => document.documentElement.lang)).toBe('en')
    expect(nbsp(await app.page.locator('#locale-example').textContent())).toBe('For example €1,459.50 · 18/05/2020')
    await app.page.reload()
    await app.page.getByLabel('Language, numbers, money and dates').waitFor()
    expect(await app.page.evaluate(() => document.documentElement.lang)).toBe('en')
    await app.page.getByLabel('Language, numbers, money and dates').selectOption({ label: 'Deutsch' })
    await app.page.getByRole('heading', { name: 'Einstellungen', level: 1 }).waitFor()
    expect(await app.page.evaluate(() => document.documentElement.lang)).toBe('de')
    expect(nbsp(await app.page.locator('#locale-example').textContent())).toBe('Zum Beispiel 1.459,50 € · 18.05.2020')
    await choice.selectOption({ label: 'Wie im Browser' })
    // Back to an English browser for the tests below, which name the Appearance choices in English.
    await setBrowserLanguage('en-US,en;q=0.9')
    await app.page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor()
  })
})

const colours = () =>
  app.page.evaluate(() => ({
    theme: document.documentElement.dataset.theme,
    background: getComputedStyle(document.body).backgroundColor,
    text: getComputedStyle(document.body).color,
  }))

describe('dark mode', () => {
  it('follows the system: light colours by default, dark ones when the system is dark', async () => {
    await app.page.emulateMedia({ colorScheme: 'light' })
    expect(await colours()).toEqual({ theme: 'light', background: 'rgb(245, 247, 250)', text: 'rgb(28, 36, 48)' })
    await app.page.emulateMedia({ colorScheme: 'dark' })
    await expect.poll(colours).toEqual({ theme: 'dark', background: 'rgb(15, 20, 25)', text: 'rgb(230, 234, 239)' })
  })

  it('takes Light or Dark from Settings whatever the system says, and System again follows it', async () => {
    await app.page.getByRole('radio', { name: 'Light' }).check()
    expect((await colours()).theme).toBe('light')
    await app.page.emulateMedia({ colorScheme: 'light' })
    await app.page.getByRole('radio', { name: 'Dark' }).check()
    expect(await colours()).toEqual({ theme: 'dark', background: 'rgb(15, 20, 25)', text: 'rgb(230, 234, 239)' })
    await app.page.reload()
    await app.page.getByRole('radio', { name: 'Dark' }).waitFor()
    expect((await colours()).theme).toBe('dark')
    await app.page.getByRole('radio', { name: 'System' }).check()
    expect((await colours()).theme).toBe('light')
  })
})
