import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import SettingsPage from '@/pages/SettingsPage.vue'
import { useSessionStore } from '@/stores/session'
import { SETTINGS_STORAGE_KEYS } from '@/stores/settings'
import { fieldByLabel, usePageHarness } from './renderPage'

const harness = usePageHarness()
let wrapper: VueWrapper

async function render() {
  wrapper = (await harness.render(SettingsPage, '/settings')).wrapper
  return { session: useSessionStore() }
}

const field = (label: string) => fieldByLabel(wrapper, label)

function button(name: string) {
  const found = wrapper.findAll('button').find((candidate) => candidate.text() === name)
  expect(found, `a button named ${name}`).toBeDefined()
  return found!
}

async function save() {
  await wrapper.find('form').trigger('submit')
  await flushPromises()
}

describe('SettingsPage', () => {
  it('shows what is stored, with the secret hidden', async () => {
    localStorage.setItem(SETTINGS_STORAGE_KEYS.backendUrl, 'https://erp.example.com')
    localStorage.setItem(SETTINGS_STORAGE_KEYS.apiKey, 'key')
    localStorage.setItem(SETTINGS_STORAGE_KEYS.apiSecret, 'secret')
    await render()
    expect((field('Backend URL').element as HTMLInputElement).value).toBe('https://erp.example.com')
    expect((field('API key').element as HTMLInputElement).value).toBe('key')
    expect(field('API secret').attributes('type')).toBe('password')
  })

  it('says which sign-in applies: the cookie session here, the key pair once saved', async () => {
    await render()
    expect(wrapper.find('[data-testid="sign-in-mode"]').text()).toMatch(/session as a cookie for this site/)
    await field('API key').setValue('key')
    await field('API secret').setValue('secret')
    await save()
    expect(wrapper.find('[data-testid="sign-in-mode"]').text()).toMatch(/Requests carry the API key pair/)
  })

  it('saves a backend URL and key pair to this browser and checks the session again', async () => {
    const { session } = await render()
    await field('Backend URL').setValue('https://erp.example.com/')
    await field('API key').setValue('key')
    await field('API secret').setValue('secret')
    await save()
    expect(wrapper.find('[role="status"]').text()).toBe('Settings saved.')
    expect(localStorage.getItem(SETTINGS_STORAGE_KEYS.backendUrl)).toBe('https://erp.example.com')
    expect(localStorage.getItem(SETTINGS_STORAGE_KEYS.apiSecret)).toBe('secret')
    expect((field('Backend URL').element as HTMLInputElement).value).toBe('https://erp.example.com')
    expect(session.restore).toHaveBeenCalledWith({ force: true })
    const check = harness.fake.sentTo('/api/method/frappe.auth.get_logged_user')[0]
    expect(check?.baseURL).toBe('https://erp.example.com')
    expect(check?.header('Authorization')).toBe('token key:secret')
  })

  it('refuses an address that is not http(s) and keeps nothing of it', async () => {
    const { session } = await render()
    await field('Backend URL').setValue('ftp://erp.example.com')
    await save()
    expect(wrapper.find('[role="alert"]').text()).toBe('Only http:// and https:// addresses are supported.')
    expect(localStorage.getItem(SETTINGS_STORAGE_KEYS.backendUrl)).toBeNull()
    expect(session.restore).not.toHaveBeenCalled()
  })

  it('tests the connection with the values in the form', async () => {
    harness.fake.on('GET', '/api/method/ping', { status: 200, body: { message: 'pong' } })
    await render()
    await field('Backend URL').setValue('https://draft.example.com')
    await button('Test connection').trigger('click')
    await flushPromises()
    expect(wrapper.find('[role="status"]').text()).toBe('Connected: https://draft.example.com answered.')
    expect(harness.fake.sentTo('/api/method/ping')[0]?.baseURL).toBe('https://draft.example.com')
    expect(localStorage.getItem(SETTINGS_STORAGE_KEYS.backendUrl)).toBeNull()
  })

  it('shows why the connection failed', async () => {
    harness.fake.on('GET', '/api/method/ping', { status: 200, body: '<!doctype html><html><body>Some other site</body></html>' })
    await render()
    await button('Test connection').trigger('click')
    await flushPromises()
    expect(wrapper.find('[role="alert"]').text()).toBe(
      'No connection to this server: The server’s answer was not understood. Is the backend URL right?',
    )
  })

  it('offers the way back to sign in while signed out', async () => {
    await render()
    expect(wrapper.find('a[href="/login"]').text()).toBe('Back to sign in')
  })
})
