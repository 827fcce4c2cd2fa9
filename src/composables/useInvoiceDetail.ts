import { onWatcherCleanup, ref, shallowRef, toValue, watch, type MaybeRefOrGetter, type Ref, type ShallowRef } from 'vue'
import { listAttachments } from '@/api/files'
import { getPurchaseInvoice } from '@/api/invoices'
import type { FrappeFile, PurchaseInvoice } from '@/types/frappe'

export interface UseInvoiceDetailReturn {
  invoice: ShallowRef<PurchaseInvoice | null>
  /** The pages attached to it on the server. */
  files: ShallowRef<FrappeFile[]>
  error: Ref<string | null>
  loading: Ref<boolean>
}

/** One Purchase Invoice from the backend with its attached pages, read again when `name` changes. */
export function useInvoiceDetail(name: MaybeRefOrGetter<string>): UseInvoiceDetailReturn {
  const invoice = shallowRef<PurchaseInvoice | null>(null)
  const files = shallowRef<FrappeFile[]>([])
  const error = ref<string | null>(null)
  const loading = ref(false)

  watch(
    () => toValue(name),
    async (invoiceName) => {
      // An answer for an invoice the clerk has already left is dropped.
      let current = true
      onWatcherCleanup(() => (current = false))
      loading.value = true
      error.value = null
      try {
        const [doc, attached] = await Promise.all([getPurchaseInvoice(invoiceName), listAttachments(invoiceName)])
        if (!current) return
        invoice.value = doc
        files.value = attached
      } catch (e) {
        if (current) error.value = e instanceof Error ? e.message : String(e)
      } finally {
        if (current) loading.value = false
      }
    },
    { immediate: true },
  )

  return { invoice, files, error, loading }
}
