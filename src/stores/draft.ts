import { useDebounceFn, useEventListener, watchDebounced, watchIgnorable } from '@vueuse/core'
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { findInvoiceByBillNo, type PurchaseInvoiceSummary } from '@/api/invoices'
import { getList } from '@/api/resources'
import { chunk } from '@/lib/chunk'
import type { PastedLine } from '@/lib/pasteLines'
import { validateDraft, type DraftHeader, type DraftLine } from '@/lib/submission/draft'
import { emptyDraft, getDraft, saveDraftContent } from '@/storage/drafts'
import { useSessionStore } from '@/stores/session'
import type { Item, Supplier } from '@/types/frappe'
import { t } from '@/locales/i18n'

/** How long typing may pause before the draft is written to IndexedDB. */
export const SAVE_DEBOUNCE_MS = 250
/** How long the Bill No may rest before the backend is asked whether it already has it. */
export const LOOKUP_DEBOUNCE_MS = 400

type ItemInfo = Pick<Item, 'item_code' | 'item_name' | 'stock_uom' | 'standard_rate'>

function newLine(): DraftLine {
  return { id: crypto.randomUUID(), item_code: '', item_name: '', qty: '', rate: '', uom: '' }
}

/** Vue proxies cannot be cloned into IndexedDB; the draft is plain JSON data anyway. */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}

/**
 * The invoice being typed on the Scanner: header and lines exactly as typed, saved to IndexedDB as the
 * clerk types (debounced), with the checks the backend would make done early: unknown items and a Bill No
 * the supplier already used.
 */
export const useDraftStore = defineStore('draft', () => {
  const session = useSessionStore()
  /** The draft the fields belong to; which draft that is, the scanner store decides (open, startNext). */
  let draftId: string | null = null
  const header = ref<DraftHeader>(emptyDraft('').header)
  const lines = ref<DraftLine[]>([])
  const saveError = ref<string | null>(null)
  /** Items the backend was asked about: the Item, or null when it has no such code. */
  const items = ref<Record<string, ItemInfo | null>>({})
  /** An invoice the backend already has for this supplier and Bill No. */
  const duplicate = ref<PurchaseInvoiceSummary | null>(null)
  /** Set after a Submit with problems, so untouched fields are not shown in red before. */
  const showProblems = ref(false)

  const validation = computed(() =>
    validateDraft(header.value, lines.value, (code) => (code in items.value ? items.value[code] !== null : undefined)),
  )

  let writing: Promise<void> = Promise.resolve()
  /** Set when the fields changed since they were last written; flush() clears it. */
  let unsaved = false

  // Loading or forgetting a draft sets the fields without marking them unsaved (ignoreUpdates below).
  const { ignoreUpdates } = watchIgnorable(
    [header, lines],
    () => {
      if (draftId) unsaved = true
    },
    { deep: true, flush: 'sync' },
  )
  // Written once typing pauses; a flush() in between has written already, so the pending save finds nothing.
  watchDebounced(
    [header, lines],
    () => {
      if (unsaved) void flush()
    },
    { deep: true, debounce: SAVE_DEBOUNCE_MS },
  )

  /** Reads a draft (an empty one if new) into the form; the scanner store's open() says which. */
  async function load(id: string): Promise<void> {
    await flush()
    const record = (await getDraft(id)) ?? emptyDraft(id)
    // A freshly loaded draft needs no save.
    ignoreUpdates(() => {
      draftId = id
      header.value = record.header
      lines.value = record.lines
    })
    duplicate.value = null
    showProblems.value = false
    void checkItems()
    scheduleDuplicateCheck()
  }

  /** Writes the draft now (before sending, or when the tab is hidden). Writes never overlap. */
  function flush(): Promise<void> {
    unsaved = false
    const id = draftId
    if (!id) return writing
    const content = plain({ header: header.value, lines: lines.value })
    const owner = session.userName
    writing = writing
      .then(() => saveDraftContent(id, content, Date.now(), owner))
      .then(() => void (saveError.value = null))
      .catch(
        (error: unknown) =>
          void (saveError.value = t('draft.saveFailed', { reason: error instanceof Error ? error.message : String(error) })),
      )
    return writing
  }

  // A tab closed or sent to the background within the debounce must not lose the last keystrokes.
  const onHidden = () => {
    if (document.visibilityState === 'hidden' && unsaved) void flush()
  }
  const onPageHide = () => {
    if (unsaved) void flush()
  }
  useEventListener(document, 'visibilitychange', onHidden)
  useEventListener(window, 'pagehide', onPageHide)
  watch(() => [header.value.supplier, header.value.bill_no], scheduleDuplicateCheck)
  watch(
    () => lines.value.map((line) => line.item_code).join('\n'),
    () => void checkItems(),
  )

  /** Changes header fields as typed. */
  function setHeader(patch: Partial<DraftHeader>): void {
    header.value = { ...header.value, ...patch }
  }

  /** Chooses a supplier; the currency follows the supplier's default unless the clerk chose another. */
  function chooseSupplier(supplier: Supplier | null): void {
    const previousDefault = header.value.currency === '' || header.value.currency === supplierCurrency
    supplierCurrency = supplier?.default_currency ?? ''
    setHeader({
      supplier: supplier?.name ?? '',
      supplier_name: supplier?.supplier_name ?? '',
      ...(previousDefault && supplier ? { currency: supplier.default_currency } : {}),
    })
  }
  let supplierCurrency = ''

  /** Adds an empty line after `afterId` (or at the end); returns its id for focusing. */
  function addLine(afterId?: string): string {
    const line = newLine()
    const index = afterId ? lines.value.findIndex((l) => l.id === afterId) : -1
    lines.value = index >= 0 ? [...lines.value.slice(0, index + 1), line, ...lines.value.slice(index + 1)] : [...lines.value, line]
    return line.id
  }

  function removeLine(id: string): void {
    lines.value = lines.value.filter((line) => line.id !== id)
  }

  /** Changes one line as typed; editing a flagged pasted row clears the paste's complaint. */
  function updateLine(id: string, patch: Partial<Omit<DraftLine, 'id'>>): void {
    lines.value = lines.value.map((line) => (line.id === id ? { ...line, ...patch, pasteProblem: undefined } : line))
  }

  /** Chooses the item of a line: its name, default UOM, and standard rate when no rate was typed. */
  function chooseItem(id: string, item: ItemInfo): void {
    items.value = { ...items.value, [item.item_code]: item }
    const line = lines.value.find((l) => l.id === id)
    updateLine(id, {
      item_code: item.item_code,
      item_name: item.item_name,
      uom: item.stock_uom,
      ...(line && line.rate.trim() === '' ? { rate: String(item.standard_rate) } : {}),
    })
  }

  /**
   * Adds pasted rows as lines (replacing a trailing empty line), keeping bad cells as pasted with the
   * reason, so they are flagged on their rows. `Read lines` adds the lines read from the page this way too.
   */
  function addPastedLines(pasted: readonly PastedLine[]): void {
    const added = pasted.map<DraftLine>((p) => ({
      id: crypto.randomUUID(),
      item_code: p.item_code,
      item_name: p.item_name ?? '',
      qty: p.qty !== null ? String(p.qty) : (p.cells[1] ?? ''),
      rate: p.rate !== null ? String(p.rate) : (p.cells[2] ?? ''),
      uom: p.uom,
      ...(p.problems.length ? { pasteProblem: t('paste.problem.row', { row: p.row, problems: p.problems.join('; ') }) } : {}),
    }))
    const kept = lines.value.filter((line, i) => i !== lines.value.length - 1 || line.item_code || line.qty || line.rate)
    lines.value = [...kept, ...added]
  }

  /** Asks the backend about item codes not checked yet, 100 at a time, and fills names and UOMs. */
  async function checkItems(): Promise<void> {
    const unknown = [...new Set(lines.value.map((l) => l.item_code.trim()).filter((c) => c && !(c in items.value)))]
    for (const codes of chunk(unknown, 100)) {
      let found: ItemInfo[]
      try {
        found = await getList<ItemInfo>('Item', {
          fields: ['item_code', 'item_name', 'stock_uom', 'standard_rate'],
          filters: [['item_code', 'in', codes]],
          limit_page_length: codes.length,
        })
      } catch {
        return // Offline or refused: the server checks again when the invoice is sent.
      }
      const next = { ...items.value }
      for (const code of codes) next[code] = found.find((item) => item.item_code === code) ?? null
      items.value = next
      lines.value = lines.value.map((line) => {
        const info = next[line.item_code.trim()]
        return info && (!line.item_name || !line.uom)
          ? { ...line, item_name: line.item_name || info.item_name, uom: line.uom || info.stock_uom }
          : line
      })
    }
  }

  /** Asks once the Bill No rests; the answer is shown only while the fields still say what was asked. */
  const lookUpDuplicate = useDebounceFn(async (supplier: string, billNo: string) => {
    try {
      const found = await findInvoiceByBillNo(supplier, billNo.trim())
      if (header.value.supplier === supplier && header.value.bill_no === billNo) duplicate.value = found
    } catch {
      // The server catches a duplicate on create anyway; this early warning is a courtesy.
    }
  }, LOOKUP_DEBOUNCE_MS)

  // Called from load() too (not only a watch): a draft with the same supplier and Bill No is asked about again.
  function scheduleDuplicateCheck(): void {
    duplicate.value = null
    const { supplier, bill_no: billNo } = header.value
    if (supplier && billNo.trim()) void lookUpDuplicate(supplier, billNo)
    else lookUpDuplicate.cancel()
  }

  /** Forgets the draft in memory (after it was sent or discarded); the caller loads the next one. */
  function reset(): void {
    // Unsaved typing is dropped, and a Bill No not asked about yet is not asked about.
    lookUpDuplicate.cancel()
    ignoreUpdates(() => {
      draftId = null
      header.value = emptyDraft('').header
      lines.value = []
    })
    unsaved = false
    duplicate.value = null
    showProblems.value = false
  }

  return {
    header,
    lines,
    saveError,
    items,
    duplicate,
    showProblems,
    validation,
    load,
    flush,
    setHeader,
    chooseSupplier,
    addLine,
    removeLine,
    updateLine,
    chooseItem,
    addPastedLines,
    checkItems,
    reset,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useDraftStore, import.meta.hot))
