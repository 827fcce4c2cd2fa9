import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { HOME_PATH, safeRedirect } from '@/lib/safeRedirect'
import { CLERK, CLERK_PASSWORD } from '../api/fakeHttp'
import { mountApp, signInThroughForm, type MountedApp } from './mountApp'

let app: MountedApp | undefined

afterEach(() => {
  app?.unmount()
  app = undefined
})

const currentPath = (mounted: MountedApp) => mounted.router.currentRoute.value.fullPath

describe('a signed-out visitor', () => {
  it('is sent to sign in and, once signed in, back to the page they asked for', async () => {
    app = await mountApp('/invoices?supplier=ACME', { signedIn: false })
    expect(app.router.currentRoute.value.path).toBe('/login')
    expect(app.router.currentRoute.value.query.redirect).toBe('/invoices?supplier=ACME')

    await signInThroughForm(app, CLERK.name, CLERK_PASSWORD)
    expect(currentPath(app)).toBe('/invoices?supplier=ACME')
    expect(app.wrapper.find('main h1').text()).toBe('Invoices')
    expect(app.wrapper.find('header').text()).toContain('Demo Clerk')
  })

  it('lands on the Scanner after signing in from /login itself', async () => {
    app = await mountApp('/login', { signedIn: false })
    await signInThroughForm(app, CLERK.name, CLERK_PASSWORD)
    expect(currentPath(app)).toBe('/scan')
  })

  it.each(['https://evil.example/phish', '//evil.example/phish', '/\\evil.example', 'javascript:alert(1)'])(
    'is not sent off-site by ?redirect=%s',
    async (redirect) => {
      app = await mountApp(`/login?redirect=${encodeURIComponent(redirect)}`, { signedIn: false })
      await signInThroughForm(app, CLERK.name, CLERK_PASSWORD)
      expect(currentPath(app)).toBe('/scan')
    },
  )

  it('can open Settings to set the backend before signing in', async () => {
    app = await mountApp('/settings', { signedIn: false })
    expect(currentPath(app)).toBe('/settings')
    expect(app.wrapper.find('main h1').text()).toBe('Settings')
  })

  it('is sent to sign in from the root and from unknown paths', async () => {
    app = await mountApp('/', { signedIn: false })
    expect(currentPath(app)).toBe('/login?redirect=/scan')
    await app.router.push('/no/such/page')
    await flushPromises()
    expect(currentPath(app)).toBe('/login?redirect=/scan')
  })
})

describe('a signed-in user', () => {
  it('opening /login goes to the Scanner', async () => {
    app = await mountApp('/login', { signedIn: true })
    expect(currentPath(app)).toBe('/scan')
  })

  it('starts on the Scanner at the root', async () => {
    app = await mountApp('/', { signedIn: true })
    expect(currentPath(app)).toBe('/scan')
    expect(app.wrapper.find('main h1').text()).toBe('Scanner')
  })

  it('is asked about only once, however many pages are visited', async () => {
    app = await mountApp('/scan', { signedIn: true })
    await app.router.push('/invoices')
    await app.router.push('/status')
    await app.router.push('/invoices/ACC-PINV-2026-00001')
    expect(app.fake.sentTo('/api/method/frappe.auth.get_logged_user')).toHaveLength(1)
  })
})

describe('safeRedirect', () => {
  it.each([
    ['/invoices?supplier=ACME#top', '/invoices?supplier=ACME#top'],
    ['/invoices/ACC-PINV-2026-00001', '/invoices/ACC-PINV-2026-00001'],
    [['/status', '/scan'], '/status'],
    ['https://evil.example', HOME_PATH],
    ['//evil.example', HOME_PATH],
    ['/\\evil.example', HOME_PATH],
    ['/%0a//evil', '/%0a//evil'],
    ['/\n/evil.example', HOME_PATH],
    ['relative/path', HOME_PATH],
    ['/login?redirect=/login', HOME_PATH],
    [undefined, HOME_PATH],
    [42, HOME_PATH],
  ])('%j → %s', (input, expected) => {
    expect(safeRedirect(input)).toBe(expected)
  })
})
