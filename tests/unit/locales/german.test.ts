import { createTestingPinia } from '@pinia/testing'
import { mount } from '@vue/test-utils'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import HistoryInvoiceDetail from '@/components/invoices/HistoryInvoiceDetail.vue'
import SubmissionSuccess from '@/components/draft/SubmissionSuccess.vue'
import { FrappeError } from '@/api/errors'
import { ping } from '@/api/system'
import { refusalMessage } from '@/lib/imageRefusal'
import { pauseReason } from '@/lib/submission/pause'
import { i18n, setLanguage, t } from '@/locales/i18n'
import LoginPage from '@/pages/LoginPage.vue'
import SettingsPage from '@/pages/SettingsPage.vue'
import type { PurchaseInvoice } from '@/types/frappe'
import { usePageHarness } from '../pages/renderPage'

// The app's words in German once German is chosen (the browser's language or Settings), loaded on demand.
const harness = usePageHarness()

beforeAll(() => setLanguage('de'))
afterAll(() => setLanguage('en'))

const invoice: PurchaseInvoice = {
  name: 'ACC-PINV-2026-00007',
  supplier: 'Hornbach',
  supplier_name: 'Hornbach',
  bill_no: 'R-1',
  bill_date: '2020-05-18',
  posting_date: '2020-05-19',
  currency: 'EUR',
  docstatus: 0,
  status: 'Draft',
  scan_status: 'Complete',
  expected_items: 1,
  items_received: 1,
  grand_total: 1459.5,
  total_qty: 1,
  owner: 'clerk@example.com',
  creation: '2020-05-19 10:00:00',
  modified: '2020-05-19 10:00:00',
  items: [{ idx: 1, item_code: 'PAPER-A4', item_name: 'Papier', qty: 1, rate: 1459.5, amount: 1459.5, uom: 'Stk' }],
} as PurchaseInvoice

const router = () => createRouter({ history: createMemoryHistory(), routes: [{ path: '/:any(.*)', component: { render: () => null } }] })

describe('German', () => {
  it('loads the German messages when German is chosen', () => {
    expect(i18n.global.locale.value).toBe('de')
    expect(i18n.global.availableLocales).toContain('de')
  })

  it('signs in with Anmelden, E-Mail oder Benutzername and Passwort', async () => {
    const { wrapper } = await harness.render(LoginPage, '/login')
    expect(wrapper.find('h1').text()).toBe('Anmelden')
    expect(wrapper.findAll('label').map((label) => label.text())).toEqual(['E-Mail oder Benutzername', 'Passwort'])
    expect(wrapper.find('button[type="submit"]').text()).toBe('Anmelden')
    expect(wrapper.find('.login__settings').text()).toBe(
      'Arbeiten Sie mit einem eigenen Frappe-Server? Seine Adresse tragen Sie unter Einstellungen ein.',
    )
  })

  it('shows Settings as Einstellungen, with Speichern, Hell and Dunkel', async () => {
    const { wrapper } = await harness.render(SettingsPage, '/settings')
    expect(wrapper.find('h1').text()).toBe('Einstellungen')
    const buttons = wrapper.findAll('button').map((button) => button.text())
    expect(buttons).toContain('Speichern')
    expect(buttons).toContain('Verbindung testen')
    expect(wrapper.text()).toContain('Hell')
    expect(wrapper.text()).toContain('Dunkel')
    expect(wrapper.find('label[for="locale-choice"]').text()).toBe('Sprache, Zahlen, Beträge und Datum')
    expect(wrapper.text()).not.toContain('Save')
  })

  it('shows an invoice with Lieferant, Beleg-Nr., Belegdatum and its Positionen', () => {
    const wrapper = mount(HistoryInvoiceDetail, { props: { invoice }, global: { plugins: [createTestingPinia({ createSpy: vi.fn })] } })
    const terms = wrapper.findAll('dt').map((dt) => dt.text())
    expect(terms.slice(0, 4)).toEqual(['Lieferant', 'Beleg-Nr.', 'Belegdatum', 'Buchungsdatum'])
    expect(wrapper.find('caption').text()).toBe('Positionen')
    expect(wrapper.text()).toContain('Complete (1 von 1 Positionen)')
  })

  it('says Rechnung gesendet with its pages counted in German', async () => {
    const result = {
      draftId: 'd1',
      invoice: invoice.name,
      grandTotal: 1459.5,
      currency: 'EUR',
      supplierName: 'Hornbach',
      billNo: 'R-1',
      lines: 3,
      pages: 1,
    }
    const appRouter = router()
    await appRouter.push('/scan')
    const wrapper = mount(SubmissionSuccess, {
      props: { result },
      global: { plugins: [appRouter, createTestingPinia({ createSpy: vi.fn })] },
    })
    expect(wrapper.find('h2').text()).toBe('Rechnung gesendet')
    expect(wrapper.findAll('p')[0]!.text()).toBe('ACC-PINV-2026-00007 für Hornbach, Beleg-Nr. R-1: 3 Positionen, 1 Seite.')
    expect(wrapper.find('button').text()).toBe('Nächste Rechnung beginnen')
  })
})

describe('messages made outside components, in German', () => {
  it('says why a photo was refused', () => {
    expect(refusalMessage({ reason: 'too-large', pixels: 120_000_000 }, t)).toBe(
      'Dieses Bild ist zu groß (120 MP); die Grenze liegt bei 100 MP.',
    )
    expect(refusalMessage({ reason: 'unsupported', kind: 'avif' }, t)).toBe(
      'AVIF-Bilder kann dieser Browser nicht lesen — bitte senden Sie das Foto als JPEG.',
    )
  })

  it('says why sending waits', () => {
    expect(pauseReason({ online: false, sessionOffline: false, canCapture: true, memoryRefusal: null })).toBe(
      'Offline: Das Senden geht weiter, sobald das Netz wieder da ist.',
    )
  })

  it('says that a server is not a Frappe server', async () => {
    harness.fake.on('GET', '/api/method/ping', { status: 200, body: { message: 'hello' } })
    const error = await ping().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(FrappeError)
    expect((error as FrappeError).messages).toEqual([
      'Der Server hat geantwortet, aber nicht wie ein Frappe-Server. Stimmt die Backend-URL?',
    ])
  })
})
