import { useLocalStorage, usePreferredDark, usePreferredLanguages } from '@vueuse/core'
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed } from 'vue'
import { languageOf, resolveLocale, type LocaleChoice } from '@/lib/localeFormat'

/** The Settings choice for colours: follow the system, or always light or dark. */
export type ThemeChoice = 'system' | 'light' | 'dark'

export const PREFERENCES_STORAGE_KEYS = {
  theme: 'invoice-scanner:theme',
  locale: 'invoice-scanner:locale',
} as const

/** How this device shows the app: colours and the locale for money, numbers and dates. Kept in this browser. */
export const usePreferencesStore = defineStore('preferences', () => {
  const stored = { flush: 'sync', writeDefaults: false } as const
  const theme = useLocalStorage<ThemeChoice>(PREFERENCES_STORAGE_KEYS.theme, 'system', stored)
  const localeChoice = useLocalStorage<LocaleChoice>(PREFERENCES_STORAGE_KEYS.locale, 'browser', stored)

  const systemDark = usePreferredDark()
  const browserLanguages = usePreferredLanguages()

  /** The colours in use now. */
  const dark = computed(() => (theme.value === 'system' ? systemDark.value : theme.value === 'dark'))
  /** The BCP 47 locale every Intl format uses. */
  const locale = computed(() => resolveLocale(localeChoice.value, browserLanguages.value))
  /** For `<html lang>`. */
  const language = computed(() => languageOf(locale.value))

  return { theme, localeChoice, dark, locale, language }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(usePreferencesStore, import.meta.hot))
