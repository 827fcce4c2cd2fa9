import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { setLanguage } from '@/locales/i18n'
import { useNoticesStore } from '@/stores/notices'
import { usePreferencesStore } from '@/stores/preferences'
import { mountApp, nextNavigation, type MountedApp } from './mountApp'

let app: MountedApp | undefined

afterEach(() => {
  app?.unmount()
  app = undefined
})

function navLinks(mounted: MountedApp) {
  return mounted.wrapper.findAll('nav[aria-label="Main"] a')
}

function button(mounted: MountedApp, name: string) {
  return mounted.wrapper.findAll('button').find((candidate) => candidate.text() === name)
}

describe('signed in', () => {
  it('shows the app name, the user’s full name and a Sign out button', async () => {
    app = await mountApp('/scan', { signedIn: true })
    const header = app.wrapper.find('header')
    expect(header.text()).toContain('Invoice Scanner')
    expect(header.text()).toContain('Demo Clerk')
    expect(button(app, 'Sign out')?.exists()).toBe(true)
    expect(app.wrapper.find('main h1').text()).toBe('Scanner')
    expect(document.title).toBe('Scanner · Invoice Scanner')
  })

  it('names the page in the tab title, in German too once the German words arrive after the page', async () => {
    app = await mountApp('/invoices', { signedIn: true })
    expect(document.title).toBe('Invoices · Invoice Scanner')
    const preferences = usePreferencesStore()
    try {
      // German chosen with the page on screen: its words are fetched, then everything follows, the title too.
      preferences.localeChoice = 'de'
      await vi.waitFor(() => expect(document.title).toBe('Rechnungen · Invoice Scanner'))
    } finally {
      preferences.localeChoice = 'browser'
      localStorage.clear()
      await setLanguage('en')
    }
  })

  it('names the four destinations and marks the current one', async () => {
    app = await mountApp('/scan', { signedIn: true })
    const links = navLinks(app)
    expect(links.map((link) => link.text())).toEqual(['Scanner', 'Invoices', 'Status', 'Settings'])
    expect(links.map((link) => link.attributes('href'))).toEqual(['/scan', '/invoices', '/status', '/settings'])
    expect(links.map((link) => link.attributes('aria-current'))).toEqual(['page', undefined, undefined, undefined])
  })

  it('moves between pages from the navigation', async () => {
    app = await mountApp('/scan', { signedIn: true })
    const navigated = nextNavigation(app.router)
    await navLinks(app)[2]!.trigger('click')
    await navigated
    await flushPromises()
    expect(app.router.currentRoute.value.path).toBe('/status')
    expect(app.wrapper.find('main h1').text()).toBe('Status')
    expect(navLinks(app).map((link) => link.attributes('aria-current'))).toEqual([undefined, undefined, 'page', undefined])
  })

  it('counts an invoice’s page as Invoices', async () => {
    app = await mountApp('/invoices/ACC-PINV-2026-00001', { signedIn: true })
    expect(app.wrapper.find('main h1').text()).toBe('Invoice')
    expect(navLinks(app)[1]?.attributes('aria-current')).toBe('page')
  })

  it('signs out on the server and goes to the sign-in page', async () => {
    app = await mountApp('/invoices', { signedIn: true })
    const navigated = nextNavigation(app.router)
    await button(app, 'Sign out')!.trigger('click')
    await navigated
    await flushPromises()
    expect(app.server.isSignedIn()).toBe(false)
    expect(app.fake.sentTo('/api/method/logout')).toHaveLength(1)
    expect(app.router.currentRoute.value.path).toBe('/login')
    expect(app.wrapper.find('header').text()).not.toContain('Demo Clerk')
    expect(button(app, 'Sign out')).toBeUndefined()
    expect(app.wrapper.find('nav[aria-label="Main"]').exists()).toBe(false)
    expect(button(app, 'Sign in')?.exists()).toBe(true)
  })

  it('says so when signing out fails, and stays signed in', async () => {
    app = await mountApp('/scan', { signedIn: true })
    app.fake.on('GET', '/api/method/logout', { fail: 'offline' })
    await button(app, 'Sign out')!.trigger('click')
    await flushPromises()
    expect(app.wrapper.find('[aria-label="Notices"]').text()).toContain('Could not sign out. Could not reach the server.')
    expect(app.router.currentRoute.value.path).toBe('/scan')
    expect(app.wrapper.find('header').text()).toContain('Demo Clerk')
  })
})

describe('an ended session', () => {
  it('sends the user to sign in and back to the same page afterwards', async () => {
    app = await mountApp('/invoices?supplier=ACME', { signedIn: true })
    const { getMemoryStatus } = await import('@/api/memory')
    app.fake.on('GET', '/api/method/custom_erp.custom_erp.purchase_invoice.api.get_memory_status', {
      status: 401,
      body: { exc_type: 'AuthenticationError' },
    })
    const toLogin = nextNavigation(app.router)
    await getMemoryStatus().catch(() => undefined)
    await toLogin
    await flushPromises()
    expect(app.router.currentRoute.value.fullPath).toBe('/login?redirect=/invoices?supplier=ACME')
    expect(app.wrapper.find('[aria-label="Notices"]').text()).toContain('Your session has ended. Sign in again to continue.')
  })
})

describe('the memory monitor', () => {
  const CONFIG_PATH = '/api/method/custom_erp.custom_erp.purchase_invoice.api.get_memory_config'

  it('starts once someone is signed in, with the site’s thresholds', async () => {
    app = await mountApp('/scan', { signedIn: true })
    expect(app.fake.sentTo(CONFIG_PATH)).toHaveLength(1)
  })

  it('does not run for a signed-out visitor', async () => {
    app = await mountApp('/login', { signedIn: false })
    expect(app.fake.sentTo(CONFIG_PATH)).toHaveLength(0)
  })
})

describe('signed out', () => {
  it('shows the app name but no user, Sign out or navigation', async () => {
    app = await mountApp('/login', { signedIn: false })
    expect(app.wrapper.find('header').text()).toContain('Invoice Scanner')
    expect(button(app, 'Sign out')).toBeUndefined()
    expect(app.wrapper.find('nav[aria-label="Main"]').exists()).toBe(false)
  })
})

describe('a page whose code cannot be loaded', () => {
  it('says so instead of doing nothing, and the notice goes once a page opens', async () => {
    app = await mountApp('/scan', { signedIn: true })
    app.router.addRoute({
      path: '/offline-page',
      component: () => Promise.reject(new TypeError('Failed to fetch dynamically imported module')),
      meta: { title: 'Invoices' },
    })
    await app.router.push('/offline-page').catch(() => undefined)
    await flushPromises()
    expect(app.router.currentRoute.value.path).toBe('/scan')
    expect(app.wrapper.find('[aria-label="Notices"]').text()).toContain(
      'Could not open Invoices: its code could not be loaded. Check the connection and try again.',
    )

    await app.router.push('/status')
    await flushPromises()
    expect(app.wrapper.find('[aria-label="Notices"]').text()).not.toContain('Could not open')
  })
})

describe('notices', () => {
  it('shows pushed notices as text under the header and lets the user dismiss them', async () => {
    app = await mountApp('/scan', { signedIn: true })
    const notices = useNoticesStore()
    notices.push({ kind: 'warning', text: 'Server said <b>slow down</b>' })
    await flushPromises()
    const region = app.wrapper.find('[aria-label="Notices"]')
    expect(region.text()).toContain('Server said <b>slow down</b>')
    expect(region.find('b').exists()).toBe(false)

    await region.find('button[aria-label="Dismiss"]').trigger('click')
    expect(notices.notices).toEqual([])
    expect(app.wrapper.find('[aria-label="Notices"]').text()).not.toContain('slow down')
  })

  it('replaces a notice pushed again with the same id and lists errors first', async () => {
    app = await mountApp('/scan', { signedIn: true })
    const notices = useNoticesStore()
    notices.push({ id: 'sync', kind: 'info', text: 'Syncing…' })
    notices.push({ id: 'offline', kind: 'error', text: 'Offline' })
    notices.push({ id: 'sync', kind: 'info', text: 'Synced' })
    await flushPromises()
    const shown = app.wrapper.findAll('[data-notice-id]').map((notice) => notice.text())
    expect(shown).toEqual([expect.stringContaining('Offline'), expect.stringContaining('Synced')])
  })
})
