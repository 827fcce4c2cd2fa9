import { createPinia, disposePinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { configureClient } from '@/api/client'
import { getMemoryStatus } from '@/api/memory'
import { SETTINGS_STORAGE_KEYS, useSettingsStore } from '@/stores/settings'
import { frappeError, installFakeHttp, resetClient, type FakeHttp } from '../api/fakeHttp'

const STATUS_PATH = '/api/method/custom_erp.custom_erp.purchase_invoice.api.get_memory_status'
const NONE = { backendUrl: '', apiKey: '', apiSecret: '' }

let fake: FakeHttp
let pinia: Pinia

beforeEach(() => {
  resetClient(configureClient)
  pinia = createPinia()
  setActivePinia(pinia)
  fake = installFakeHttp().on('GET', STATUS_PATH, { status: 200, body: { message: {} } })
})
// Disposing stops each store's listeners, so a store from an earlier test cannot react to this one's calls.
afterEach(() => {
  disposePinia(pinia)
  fake.restore()
})

describe('saving', () => {
  it('stores the settings in localStorage and reads them back in a new session', () => {
    const settings = useSettingsStore()
    expect(settings.save({ backendUrl: ' https://erp.example.com/ ', apiKey: 'key', apiSecret: 'secret' })).toEqual({
      ok: true,
      message: 'Settings saved.',
    })
    expect(localStorage.getItem(SETTINGS_STORAGE_KEYS.backendUrl)).toBe('https://erp.example.com')
    expect(localStorage.getItem(SETTINGS_STORAGE_KEYS.apiSecret)).toBe('secret')

    setActivePinia(createPinia())
    const reloaded = useSettingsStore()
    expect(reloaded.backendUrl).toBe('https://erp.example.com')
    expect(reloaded.apiKey).toBe('key')
    expect(reloaded.hasKeyPair).toBe(true)
  })

  it('sends later requests to the saved backend with the saved key pair', async () => {
    const settings = useSettingsStore()
    settings.save({ backendUrl: 'http://192.168.1.20:8000', apiKey: 'key', apiSecret: 'secret' })
    await getMemoryStatus()
    expect(fake.requests[0]?.baseURL).toBe('http://192.168.1.20:8000')
    expect(fake.requests[0]?.header('Authorization')).toBe('token key:secret')
  })

  it('configures the client from what was stored before the app started', async () => {
    localStorage.setItem(SETTINGS_STORAGE_KEYS.backendUrl, 'https://stored.example.com')
    useSettingsStore()
    await getMemoryStatus()
    expect(fake.requests[0]?.baseURL).toBe('https://stored.example.com')
  })

  it.each([
    ['erp.example.com', /full address starting with http/],
    ['ftp://erp.example.com', /Only http:\/\/ and https:\/\//],
    ['javascript:alert(1)', /Only http:\/\/ and https:\/\//],
    ['https://user:pw@erp.example.com', /Leave the user name and password out/],
    ['https://erp.example.com/?next=1', /must not contain \? or #/],
  ])('refuses the backend URL %s and keeps the old one', (backendUrl, message) => {
    const settings = useSettingsStore()
    settings.save({ ...NONE, backendUrl: 'https://old.example.com' })
    const result = settings.save({ ...NONE, backendUrl })
    expect(result.ok).toBe(false)
    expect(result.message).toMatch(message)
    expect(settings.backendUrl).toBe('https://old.example.com')
  })

  it('accepts an empty URL as "this server"', () => {
    const settings = useSettingsStore()
    settings.save({ ...NONE, backendUrl: 'https://old.example.com' })
    expect(settings.save({ ...NONE, backendUrl: '   ' }).ok).toBe(true)
    expect(settings.backendUrl).toBe('')
  })

  it('refuses half a key pair', () => {
    const settings = useSettingsStore()
    expect(settings.save({ ...NONE, apiKey: 'key' })).toEqual({
      ok: false,
      message: 'Enter both the API key and the API secret, or neither.',
    })
    expect(settings.hasKeyPair).toBe(false)
  })
})

describe('testConnection', () => {
  it('pings the unsaved address and reports success without saving it', async () => {
    fake.on('GET', '/api/method/ping', { status: 200, body: { message: 'pong' } })
    const settings = useSettingsStore()
    const result = await settings.testConnection({ ...NONE, backendUrl: 'https://draft.example.com' })
    expect(result).toEqual({ ok: true, message: 'Connected: https://draft.example.com answered.' })
    expect(fake.requests[0]?.baseURL).toBe('https://draft.example.com')
    expect(settings.backendUrl).toBe('')
  })

  it('reports an unreachable server', async () => {
    fake.on('GET', '/api/method/ping', { fail: 'offline' })
    const result = await useSettingsStore().testConnection(NONE)
    expect(result).toEqual({
      ok: false,
      message: 'No connection to this server: Could not reach the server. Check the connection and try again.',
    })
  })

  it('proves a key pair by asking who it signs in as', async () => {
    fake
      .on('GET', '/api/method/ping', { status: 200, body: { message: 'pong' } })
      .on('GET', '/api/method/frappe.auth.get_logged_user', (request) =>
        request.header('Authorization') === 'token key:right'
          ? { status: 200, body: { message: 'api-user@example.com' } }
          : { status: 401, body: frappeError('AuthenticationError', 'Invalid API key') },
      )
    const settings = useSettingsStore()
    await expect(settings.testConnection({ ...NONE, apiKey: 'key', apiSecret: 'right' })).resolves.toEqual({
      ok: true,
      message: 'Connected: this server answered, and the API key signs in as api-user@example.com.',
    })
    await expect(settings.testConnection({ ...NONE, apiKey: 'key', apiSecret: 'wrong' })).resolves.toEqual({
      ok: false,
      message: 'this server answered, but refused the API key: Invalid API key',
    })
  })

  it('does not send anything for an invalid URL', async () => {
    const result = await useSettingsStore().testConnection({ ...NONE, backendUrl: 'not a url' })
    expect(result.ok).toBe(false)
    expect(fake.requests).toHaveLength(0)
  })
})
