import { storeToRefs } from 'pinia'
import type { Ref } from 'vue'
import { formatDate, formatMoney, formatNumber } from '@/lib/localeFormat'
import { usePreferencesStore } from '@/stores/preferences'

export interface UseLocaleFormatReturn {
  locale: Readonly<Ref<string>>
  money: (amount: number, currency: string) => string
  number: (value: number) => string
  date: (isoDate: string) => string
}

/** Formatters in the locale chosen in Settings (or the browser's); templates re-render when it changes. */
export function useLocaleFormat(): UseLocaleFormatReturn {
  const { locale } = storeToRefs(usePreferencesStore())
  return {
    locale,
    money: (amount, currency) => formatMoney(amount, currency, locale.value),
    number: (value) => formatNumber(value, locale.value),
    date: (isoDate) => formatDate(isoDate, locale.value),
  }
}
