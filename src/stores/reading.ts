import { useLocalStorage } from '@vueuse/core'
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref, shallowReactive } from 'vue'
import type { PrefillField } from '@/lib/reading/prefill'
import { useMemoryStore } from '@/stores/memory'
import type { Supplier } from '@/types/frappe'
import { t } from '@/locales/i18n'

/** Where the `Read documents` switch is kept; 'auto' until the clerk flips it. */
export const READ_DOCUMENTS_KEY = 'invoice-scanner:read-documents'

/** A device with less memory than this (navigator.deviceMemory, GB) does not read documents unless told to. */
export const READ_DOCUMENTS_MIN_DEVICE_GB = 2

const PREFILL_FIELDS: readonly PrefillField[] = ['bill_date', 'document_total', 'bill_no', 'supplier']

export type ReadingStatus = 'idle' | 'loading' | 'reading' | 'failed'

/** A supplier the page seems to name, not sure enough to choose: the clerk may take it in one step. */
export interface SupplierSuggestion {
  supplier: Supplier
  source: string
}

/**
 * What the document reader found for the open draft: the text of each page read, which header fields were
 * filled from the page (with the text they came from), which the clerk has typed in or cleared (never
 * filled again), the reader's status line, and the `Read documents` switch. `useDocumentReader` does the
 * reading; this store is what the header form, the Scanner and Settings show.
 */
export const useReadingStore = defineStore('reading', () => {
  const memory = useMemoryStore()
  const stored = useLocalStorage<'auto' | 'on' | 'off'>(READ_DOCUMENTS_KEY, 'auto', { flush: 'sync', writeDefaults: false })
  /** True where the device reports less memory than reading needs. */
  const deviceTooSmall = computed(() => memory.deviceMemoryGb !== null && memory.deviceMemoryGb < READ_DOCUMENTS_MIN_DEVICE_GB)
  /** The `Read documents` switch: on by default, off by default on a device judged too small. */
  const enabled = computed({
    get: () => (stored.value === 'auto' ? !deviceTooSmall.value : stored.value === 'on'),
    set: (value: boolean) => void (stored.value = value ? 'on' : 'off'),
  })

  const status = ref<ReadingStatus>('idle')
  const pageNumber = ref(1)
  /** "Reading page 1…" while the reader works; null otherwise. */
  const statusText = computed(() =>
    status.value === 'loading' || status.value === 'reading' ? t('reading.status', { n: pageNumber.value }) : null,
  )

  const draftId = ref<string | null>(null)
  /** Text read from each page, by page id. */
  const texts = shallowReactive(new Map<string, string>())
  /** Pages of this draft that were read (or stopped), so they are not read again. */
  const readPages = new Set<string>()
  /** Filled fields and the page text each came from, for the "from the page" notes. */
  const sources = ref<Partial<Record<PrefillField, string>>>({})
  /** Fields the clerk typed in or cleared, or that were filled once: never filled again. */
  const locked = shallowReactive(new Set<PrefillField>())
  const suggestion = ref<SupplierSuggestion | null>(null)

  /** Starts afresh when another draft is opened; the same draft keeps what it had. */
  function openDraft(id: string): void {
    if (draftId.value === id) return
    draftId.value = id
    texts.clear()
    readPages.clear()
    locked.clear()
    sources.value = {}
    suggestion.value = null
  }

  /** The clerk changed these header fields: they are theirs now, and their notes go. */
  function noteTyped(fields: readonly string[]): void {
    const next = { ...sources.value }
    for (const field of fields) {
      if (!PREFILL_FIELDS.includes(field as PrefillField)) continue
      locked.add(field as PrefillField)
      delete next[field as PrefillField]
      if (field === 'supplier') suggestion.value = null
    }
    sources.value = next
  }

  /** Records fields filled from the page (each is then locked) with their source text. */
  function noteFilled(filled: Partial<Record<PrefillField, string>>): void {
    for (const field of Object.keys(filled) as PrefillField[]) locked.add(field)
    sources.value = { ...sources.value, ...filled }
  }

  return {
    enabled,
    deviceTooSmall,
    status,
    pageNumber,
    statusText,
    draftId,
    texts,
    readPages,
    sources,
    locked,
    suggestion,
    openDraft,
    noteTyped,
    noteFilled,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useReadingStore, import.meta.hot))
