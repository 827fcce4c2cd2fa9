import { ref, type Ref } from 'vue'
import { countAllPages } from '@/storage/pages'
import { t } from '@/locales/i18n'

export interface UseStoredPageCountReturn {
  /** Pages in IndexedDB (every draft, not just the open one); null until read. */
  count: Ref<number | null>
  /** Why IndexedDB could not be read, if it could not. */
  error: Ref<string | null>
  /** Reads the count again: IndexedDB does not say when it changes. */
  refresh(): Promise<void>
}

/** The number of pages this device keeps in IndexedDB, for the Status page. */
export function useStoredPageCount(): UseStoredPageCountReturn {
  const count = ref<number | null>(null)
  const error = ref<string | null>(null)

  async function refresh(): Promise<void> {
    try {
      count.value = await countAllPages()
      error.value = null
    } catch (caught) {
      error.value = t('tabStorage.unreadable', { detail: caught instanceof Error ? caught.message : String(caught) })
    }
  }

  return { count, error, refresh }
}
