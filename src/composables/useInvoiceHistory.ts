import { refDebounced } from '@vueuse/core'
import { computed, onWatcherCleanup, ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import { listPurchaseInvoices, type PurchaseInvoiceSummary } from '@/api/invoices'
import { useSessionStore } from '@/stores/session'
import type { ListFilter } from '@/types/frappe'
import { t } from '@/locales/i18n'

/** Invoices shown per page. */
export const HISTORY_PAGE_SIZE = 20
/** How long typing in the search may pause before the backend is asked. */
export const HISTORY_SEARCH_DEBOUNCE_MS = 300

export interface UseInvoiceHistoryReturn {
  /** Supplier or Bill No text, as typed. */
  search: Ref<string>
  /** The clerk's own invoices only (the default); a supervisor can widen the list. */
  onlyMine: Ref<boolean>
  /** 0-based page. */
  page: Ref<number>
  rows: ShallowRef<PurchaseInvoiceSummary[]>
  hasMore: Ref<boolean>
  loading: Ref<boolean>
  error: Ref<string | null>
  /** Asks again (e.g. after a discard removed an invoice this list may show). */
  reload(): void
}

/**
 * The clerk's recent Purchase Invoices from the backend, newest first, paged, searchable by supplier or
 * Bill No once typing pauses. Only the newest question's answer is shown.
 */
export function useInvoiceHistory(): UseInvoiceHistoryReturn {
  const session = useSessionStore()
  const search = ref('')
  const onlyMine = ref(true)
  const page = ref(0)
  const rows = shallowRef<PurchaseInvoiceSummary[]>([])
  const hasMore = ref(false)
  const loading = ref(false)
  const error = ref<string | null>(null)
  const reloads = ref(0)
  const text = refDebounced(search, HISTORY_SEARCH_DEBOUNCE_MS)

  // A new search or a wider list starts again at the first page (in the same flush, so one question).
  watch([text, onlyMine], () => (page.value = 0))

  const query = computed(() => ({ text: text.value.trim(), mine: onlyMine.value, page: page.value, reloads: reloads.value }))

  watch(
    query,
    async (q) => {
      let current = true
      onWatcherCleanup(() => (current = false))
      loading.value = true
      error.value = null
      try {
        const found = await fetchPage(q.text, q.mine && session.user ? [['owner', '=', session.user.name]] : [], q.page)
        if (!current) return
        hasMore.value = found.length > HISTORY_PAGE_SIZE
        rows.value = found.slice(0, HISTORY_PAGE_SIZE)
      } catch (e) {
        if (current) error.value = t('history.loadFailed', { reason: e instanceof Error ? e.message : String(e) })
      } finally {
        if (current) loading.value = false
      }
    },
    { immediate: true },
  )

  return { search, onlyMine, page, rows, hasMore, loading, error, reload: () => void reloads.value++ }
}

/**
 * One page and one more row (so the caller knows whether there is a next). A search asks twice (supplier,
 * Bill No), since a list filter cannot say "or"; both answers are merged newest first, so the pages stay
 * in one order.
 */
async function fetchPage(text: string, mine: ListFilter[], page: number): Promise<PurchaseInvoiceSummary[]> {
  if (!text) return listPurchaseInvoices({ filters: mine, limit_start: page * HISTORY_PAGE_SIZE, limit_page_length: HISTORY_PAGE_SIZE + 1 })
  const limit = (page + 1) * HISTORY_PAGE_SIZE + 1
  const like = `%${text}%`
  const [bySupplier, byBill] = await Promise.all([
    listPurchaseInvoices({ filters: [['supplier_name', 'like', like], ...mine], limit_page_length: limit }),
    listPurchaseInvoices({ filters: [['bill_no', 'like', like], ...mine], limit_page_length: limit }),
  ])
  const seen = new Set<string>()
  return [...bySupplier, ...byBill]
    .filter((row) => !seen.has(row.name) && seen.add(row.name))
    .sort((a, b) => b.modified.localeCompare(a.modified))
    .slice(page * HISTORY_PAGE_SIZE, limit)
}
