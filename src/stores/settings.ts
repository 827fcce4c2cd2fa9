import { useLocalStorage } from '@vueuse/core'
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, watch } from 'vue'
import { getLoggedUser } from '@/api/auth'
import { checkBackendUrl } from '@/api/backendUrl'
import { configureClient } from '@/api/client'
import { toFrappeError } from '@/api/errors'
import { ping } from '@/api/system'
import { DEFAULT_PAGE_LOOK, type PageLook } from '@/lib/document/looks'
import { t } from '@/locales/i18n'

/** What the Settings page edits. */
export interface ConnectionSettings {
  backendUrl: string
  apiKey: string
  apiSecret: string
}

/** The outcome of saving or testing settings, as a sentence for the user. */
export type SettingsResult = { ok: true; message: string } | { ok: false; message: string }

/** localStorage keys; the secret is stored only here and never logged. */
export const SETTINGS_STORAGE_KEYS = {
  backendUrl: 'invoice-scanner:backend-url',
  apiKey: 'invoice-scanner:api-key',
  apiSecret: 'invoice-scanner:api-secret',
  pageLook: 'invoice-scanner:page-look',
  autoCapture: 'invoice-scanner:auto-capture',
} as const

type Checked = { ok: true; value: ConnectionSettings } | { ok: false; message: string }

function check(input: ConnectionSettings): Checked {
  const url = checkBackendUrl(input.backendUrl)
  if (!url.ok) return url
  const apiKey = input.apiKey.trim()
  const apiSecret = input.apiSecret.trim()
  if (!apiKey !== !apiSecret) return { ok: false, message: t('settings.bothKeys') }
  return { ok: true, value: { backendUrl: url.url, apiKey, apiSecret } }
}

/** Where the backend is and, optionally, the API key pair used instead of a session. */
export const useSettingsStore = defineStore('settings', () => {
  // Written synchronously: a saved setting must survive a reload that follows at once.
  const stored = { flush: 'sync', writeDefaults: false } as const
  const backendUrl = useLocalStorage(SETTINGS_STORAGE_KEYS.backendUrl, '', stored)
  const apiKey = useLocalStorage(SETTINGS_STORAGE_KEYS.apiKey, '', stored)
  const apiSecret = useLocalStorage(SETTINGS_STORAGE_KEYS.apiSecret, '', stored)

  const hasKeyPair = computed(() => !!apiKey.value && !!apiSecret.value)
  /** The look a new page gets (Original, Document or Black and white); the clerk can change it per page. */
  const pageLook = useLocalStorage<PageLook>(SETTINGS_STORAGE_KEYS.pageLook, DEFAULT_PAGE_LOOK, stored)
  /** Whether the camera takes the photo by itself once the page's outline has held still; off by default. */
  const autoCapture = useLocalStorage<boolean>(SETTINGS_STORAGE_KEYS.autoCapture, false, stored)

  // Synchronously, so a request made right after `save` already goes to the new place.
  watch([backendUrl, apiKey, apiSecret], ([url, key, secret]) => configureClient({ baseUrl: url, apiKey: key, apiSecret: secret }), {
    immediate: true,
    flush: 'sync',
  })

  /** Validates and stores the settings; answers why not when they are invalid. */
  function save(input: ConnectionSettings): SettingsResult {
    const checked = check(input)
    if (!checked.ok) return checked
    backendUrl.value = checked.value.backendUrl
    apiKey.value = checked.value.apiKey
    apiSecret.value = checked.value.apiSecret
    return { ok: true, message: t('settings.saved') }
  }

  /** Pings the backend with the given (possibly unsaved) settings and says whether it answered. */
  async function testConnection(input: ConnectionSettings): Promise<SettingsResult> {
    const checked = check(input)
    if (!checked.ok) return checked
    const { value } = checked
    const where = value.backendUrl || 'this server'
    const connection = { baseUrl: value.backendUrl, apiKey: value.apiKey, apiSecret: value.apiSecret }
    try {
      await ping({ connection })
    } catch (error) {
      return { ok: false, message: t('settings.noConnection', { where, reason: toFrappeError(error).message }) }
    }
    if (!value.apiKey) return { ok: true, message: t('settings.connected', { where }) }
    // ping lets anyone in, so a key pair is only proven by asking who it signs in as.
    try {
      const user = await getLoggedUser({ connection })
      return { ok: true, message: t('settings.connectedAs', { where, user }) }
    } catch (error) {
      return { ok: false, message: t('settings.keyRefused', { where, reason: toFrappeError(error).message }) }
    }
  }

  return { backendUrl, apiKey, apiSecret, hasKeyPair, pageLook, autoCapture, save, testConnection }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useSettingsStore, import.meta.hot))
