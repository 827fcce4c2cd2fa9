import { watchEffect } from 'vue'
import { setLanguage } from '@/locales/i18n'
import { usePreferencesStore } from '@/stores/preferences'

/**
 * Puts the device preferences on the document: the app's words and `<html lang>` (screen readers,
 * hyphenation, the date picker's language), `data-theme` that src/styles/theme.css reads, and the
 * browser's theme colour. Call once, in App.vue.
 */
export function useDocumentPreferences(): void {
  const preferences = usePreferencesStore()
  watchEffect(() => {
    const root = document.documentElement
    root.lang = preferences.language
    void setLanguage(preferences.language)
    root.dataset.theme = preferences.dark ? 'dark' : 'light'
    document.querySelector('meta[name="theme-color"]')?.setAttribute('content', preferences.dark ? '#0f1419' : '#1f4e79')
  })
}
