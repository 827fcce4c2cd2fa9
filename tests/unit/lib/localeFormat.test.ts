import { describe, expect, it } from 'vitest'
import { decimalMarkOf, formatDate, formatMoney, formatNumber, languageOf, resolveLocale } from '@/lib/localeFormat'

// Intl puts a no-break space (U+00A0) or narrow no-break space before a trailing currency sign.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ')

describe('money, numbers and dates in the clerk’s locale', () => {
  it('writes money as a German or an English reader expects', () => {
    expect(plain(formatMoney(1459.5, 'EUR', 'de-DE'))).toBe('1.459,50 €')
    expect(formatMoney(1459.5, 'EUR', 'en-GB')).toBe('€1,459.50')
    expect(formatMoney(1459.5, 'USD', 'en-US')).toBe('$1,459.50')
  })

  it('writes an amount without a usable currency code as the number with two decimals', () => {
    expect(formatMoney(4, '', 'en-US')).toBe('4.00')
    expect(formatMoney(1459.5, '', 'de-DE')).toBe('1.459,50')
    expect(formatMoney(12.5, 'euro', 'de-DE')).toBe('12,50 euro')
  })

  it('writes quantities with the decimals they have', () => {
    expect(formatNumber(2.5, 'de-DE')).toBe('2,5')
    expect(formatNumber(12000, 'en-GB')).toBe('12,000')
    expect(formatNumber(3, 'de-DE')).toBe('3')
  })

  it('writes Frappe’s dates in the locale’s numeric form, on the same calendar day in any time zone', () => {
    expect(formatDate('2020-05-18', 'de-DE')).toBe('18.05.2020')
    expect(formatDate('2020-05-18', 'en-GB')).toBe('18/05/2020')
    expect(formatDate('2020-05-18', 'en-US')).toBe('05/18/2020')
    expect(formatDate('not a date', 'de-DE')).toBe('not a date')
    expect(formatDate('', 'de-DE')).toBe('')
  })

  it('follows the browser’s languages with their region, or the Settings choice, and falls back to English', () => {
    expect(resolveLocale('browser', ['de-AT', 'en'])).toBe('de-AT')
    expect(resolveLocale('browser', ['fr-FR', 'de'])).toBe('de')
    expect(resolveLocale('browser', ['fr-FR'])).toBe('en-GB')
    expect(resolveLocale('browser', [])).toBe('en-GB')
    expect(resolveLocale('de', ['en-US'])).toBe('de-DE')
    expect(resolveLocale('en', ['de-DE'])).toBe('en-GB')
    expect(languageOf('de-AT')).toBe('de')
  })

  it('knows each locale’s decimal mark', () => {
    expect(decimalMarkOf('de-DE')).toBe(',')
    expect(decimalMarkOf('en-GB')).toBe('.')
  })
})
