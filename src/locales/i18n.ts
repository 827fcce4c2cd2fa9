import { createI18n } from 'vue-i18n'
import en from './en.json'

/** The shape of every message file: English is the reference, German must have exactly its keys. */
export type MessageSchema = typeof en
/** The languages the app speaks (src/lib/localeFormat.ts picks one from the browser or Settings). */
export type AppLanguage = 'en' | 'de'

/**
 * The one vue-i18n instance, Composition API mode. English is bundled (it is also the fallback);
 * German is a separate chunk fetched the first time it is chosen, so English users do not download it.
 * Messages are precompiled by @intlify/unplugin-vue-i18n, so the build ships the runtime-only vue-i18n.
 */
export const i18n = createI18n({
  legacy: false,
  locale: 'en',
  fallbackLocale: 'en',
  // Typed as any language so German can be added when it arrives; both follow MessageSchema.
  messages: { en } as Record<string, MessageSchema>,
})

let requested: AppLanguage = 'en'

/**
 * Switches the app's words to `language` ("de", or anything else for English), loading German on first use.
 * A later call wins over one still loading, so a quick de → en → de ends in the last choice.
 */
export async function setLanguage(language: string): Promise<void> {
  const wanted: AppLanguage = language === 'de' ? 'de' : 'en'
  requested = wanted
  if (!i18n.global.availableLocales.includes(wanted)) {
    const messages = (await import('./de.json')).default
    i18n.global.setLocaleMessage(wanted, messages)
  }
  if (requested === wanted) i18n.global.locale.value = wanted
}

/**
 * Translates outside a component (stores and composables that produce notices, errors and warnings).
 * The text is made in the language in use when the message is raised.
 */
export function t(key: string, named: Record<string, unknown> = {}, plural?: number): string {
  const translate = i18n.global.t as (key: string, named: Record<string, unknown>, plural?: number) => string
  return plural === undefined ? translate(key, named) : translate(key, named, plural)
}
