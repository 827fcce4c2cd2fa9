/**
 * Money, numbers and dates as a clerk reads them in their language (1.459,50 € in German, €1,459.50 in
 * English; 18.05.2020 / 18/05/2020), with Intl, and the one place that knows which locales the app offers.
 */

/** The language choice in Settings: the browser's, or one the app offers. */
export type LocaleChoice = 'browser' | 'en' | 'de'

/** The locales the app speaks; a browser asking for another gets English. */
const OFFERED: Record<Exclude<LocaleChoice, 'browser'>, string> = { en: 'en-GB', de: 'de-DE' }

/**
 * The BCP 47 locale to format with. `browser` takes the first browser language the app offers, keeping its
 * region (de-AT, en-US) so separators and date order are the ones the clerk is used to.
 */
export function resolveLocale(choice: LocaleChoice, browserLanguages: readonly string[] | undefined): string {
  if (choice !== 'browser') return OFFERED[choice]
  // A browser (or a test's stand-in navigator) may not list any languages.
  for (const language of browserLanguages ?? []) {
    const primary = language.split('-')[0]?.toLowerCase()
    if (primary === 'en' || primary === 'de') return supported(language) ?? OFFERED[primary]
  }
  return OFFERED.en
}

/** The language subtag for `<html lang>` ("de" for de-AT). */
export function languageOf(locale: string): string {
  return locale.split('-')[0]?.toLowerCase() || 'en'
}

function supported(locale: string): string | null {
  try {
    return Intl.NumberFormat.supportedLocalesOf([locale])[0] ?? null
  } catch {
    return null
  }
}

const numberFormats = new Map<string, Intl.NumberFormat>()
/** Intl formatters are costly to build and free to reuse; one per locale and options. */
function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`
  let format = numberFormats.get(key)
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(locale, options)))
  return format
}

/** An amount in its currency (an ISO 4217 code); without a valid code, just the number with two decimals. */
export function formatMoney(amount: number, currency: string, locale: string): string {
  if (/^[A-Z]{3}$/.test(currency)) {
    try {
      return numberFormat(locale, { style: 'currency', currency }).format(amount)
    } catch {
      // An unknown code (Intl knows every ISO one) falls through to the plain number with the code.
    }
  }
  const number = numberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount)
  return currency ? `${number} ${currency}` : number
}

/** A quantity or rate: as many decimals as it has (up to 6), grouped by thousands. */
export function formatNumber(value: number, locale: string): string {
  return numberFormat(locale, { maximumFractionDigits: 6 }).format(value)
}

const dateFormats = new Map<string, Intl.DateTimeFormat>()
/**
 * A calendar date ("2020-05-18", as Frappe sends it) in the locale's numeric form. Read as UTC so no time
 * zone moves it to the day before; anything that is not such a date is shown as it came.
 */
export function formatDate(isoDate: string, locale: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate)
  if (!match) return isoDate
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
  if (Number.isNaN(date.getTime())) return isoDate
  let format = dateFormats.get(locale)
  if (!format)
    dateFormats.set(
      locale,
      (format = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' })),
    )
  return format.format(date)
}

/** The locale's decimal separator: what a typed "1,234" means when it could be either. */
export function decimalMarkOf(locale: string): '.' | ',' {
  const part = numberFormat(locale, { minimumFractionDigits: 1 })
    .formatToParts(1.5)
    .find((p) => p.type === 'decimal')
  return part?.value === ',' ? ',' : '.'
}
