import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { DiscardOutcome } from '@/lib/submission/discard'
import type { SubmissionState } from '@/lib/submission/types'
import { isDraftOf, listDrafts } from '@/storage/drafts'
import { useSessionStore } from '@/stores/session'
import { useScannerStore } from '@/stores/scanner'
import { useSubmissionStore } from '@/stores/submission'

/** A draft in the Outbox: not sent yet, sending, paused or stopped. */
export interface OutboxEntry {
  id: string
  updated: number
  supplier: string
  billNo: string
  lines: number
  state: 'draft' | SubmissionState['phase']
  invoice: string | null
  lastError: string | null
  /** The draft open on the Scanner. */
  current: boolean
}

/**
 * The Outbox: the signed-in clerk's drafts on this device that are not sent yet, read from IndexedDB
 * and kept in step with the submission store.
 */
export const useOutboxStore = defineStore('outbox', () => {
  const submission = useSubmissionStore()
  const session = useSessionStore()
  const scanner = useScannerStore()
  /** The drafts as last read from IndexedDB. */
  const stored = ref<OutboxEntry[]>([])
  // What the submission store knows now (each saved step) overrides the stored state, with no new read.
  const entries = computed(() =>
    stored.value.map((entry) => {
      const live = submission.states[entry.id]
      return live ? { ...entry, state: live.phase, invoice: live.invoice, lastError: live.lastError?.message ?? null } : entry
    }),
  )
  let reading = 0

  /** Reads the Outbox again: every saved draft of this clerk with something in it, newest first. */
  async function refresh(): Promise<void> {
    const ticket = ++reading
    const user = session.userName
    const currentId = scanner.draftId
    const drafts = await listDrafts()
    // An older read finishing last must not show an older list.
    if (ticket !== reading) return
    stored.value = drafts
      .filter((d) => isDraftOf(d, user) && (d.submission || d.lines.length || d.header.bill_no || d.header.supplier))
      .map((d) => ({
        id: d.id,
        updated: d.updated,
        supplier: d.header.supplier_name || d.header.supplier,
        billNo: d.header.bill_no,
        lines: d.lines.length,
        state: d.submission?.phase ?? 'draft',
        invoice: d.submission?.invoice ?? null,
        lastError: d.submission?.lastError?.message ?? null,
        current: d.id === currentId,
      }))
  }

  /** Throws a draft away with its pages, stopping it first if it is being sent (after confirmation). */
  async function discard(id: string): Promise<DiscardOutcome> {
    try {
      return await submission.discard(id)
    } finally {
      await refresh()
    }
  }

  // A sending that starts or ends may add or remove a draft; the steps between only change its state.
  watch(
    () => scanner.sendingId,
    () => void refresh(),
  )

  return { entries, refresh, discard }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useOutboxStore, import.meta.hot))
