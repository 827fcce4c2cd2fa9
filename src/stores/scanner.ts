import { useLocalStorage } from '@vueuse/core'
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, getCurrentScope, ref, shallowRef, watch, type Ref } from 'vue'
import { useDraftStore } from '@/stores/draft'
import { useObjectUrlsStore } from '@/stores/objectUrls'
import { usePagesStore } from '@/stores/pages'
import { useSessionStore } from '@/stores/session'
import { t } from '@/locales/i18n'

/** Why the pages cannot change while their draft is being sent. */
export const SENDING_LOCK_REASON = t('scanner.sendingLock')

/** The object URL owner of the Scanner's page thumbnails (the full-size viewer frees its own URL on close). */
export const THUMBNAIL_URL_OWNER = 'scanner-thumbnails'

/** One key per clerk: clerks sharing a device each come back to their own draft. */
const storageKey = (user: string) => `invoice-scanner.current-draft:${user}`

/**
 * The draft open on the Scanner, and the one place that decides which it is. It holds the clerk's current
 * draft id (kept in localStorage, so a reload finds the same pages and lines in IndexedDB), opens it into
 * the pages and draft stores, moves on to the next draft once one is sent or discarded, and holds the lock
 * while a draft is being sent. The pages and the header meet here: whatever reads a page to fill the
 * header uses this store, never the pages store and the draft store on their own.
 */
export const useScannerStore = defineStore('scanner', () => {
  const session = useSessionStore()
  const draft = useDraftStore()
  const pages = usePagesStore()

  /** Each clerk's current draft id, kept in localStorage so a reload finds the same pages and lines in IndexedDB. */
  const scope = getCurrentScope()
  const pointers = new Map<string, Ref<string>>()
  function pointerFor(user: string): Ref<string> {
    let pointer = pointers.get(user)
    if (!pointer) {
      // A fresh id is the default, written at once: a clerk's first draft is created on first use. Another tab
      // moving on to a new draft is not followed: this tab keeps the draft it shows until it is reloaded.
      const create = () => useLocalStorage(storageKey(user), crypto.randomUUID(), { flush: 'sync', listenToStorageChanges: false })
      // Made in the store's scope (not the watcher's), so its watcher lives and ends with the store.
      pointer = scope?.run(create) ?? create()
      pointers.set(user, pointer)
    }
    return pointer
  }
  // Boxed: a shallowRef given a ref would be that ref itself.
  const pointer = shallowRef({ id: pointerFor(session.userName) })
  watch(
    () => session.userName,
    (user) => (pointer.value = { id: pointerFor(user) }),
    { flush: 'sync' },
  )

  /** The signed-in clerk's current draft: the one the Scanner shows, created on first use. */
  const draftId = computed(() => pointer.value.id.value)
  /** The draft being sent right now, by the submission store; one at a time. */
  const sendingId = ref<string | null>(null)
  /** Whether the open draft is the one being sent: its form and pages wait. */
  const isSending = computed(() => sendingId.value !== null && sendingId.value === draftId.value)
  /**
   * Set while the open draft is being sent: a page added, deleted, retaken, turned or moved then would not
   * match what the server gets, and is deleted with the draft once it is sent.
   */
  const editLock = computed(() => (isSending.value ? t('scanner.sendingLock') : null))
  // The pages store enforces the lock on its own actions; it cannot ask this store (which uses it) itself.
  watch(editLock, (reason) => pages.setEditLock(reason), { immediate: true, flush: 'sync' })

  /** The draft whose lines are in the draft store, so opening it again keeps what is on screen. */
  let formDraftId: string | null = null
  let opening: Promise<void> | null = null

  async function openDraft(id: string): Promise<void> {
    const loads = [pages.load(id)]
    if (formDraftId !== id) {
      formDraftId = id
      loads.push(draft.load(id))
    }
    await Promise.all(loads)
  }

  /**
   * Opens the clerk's current draft on the Scanner: its lines into the form (unless already there) and its
   * pages from IndexedDB. Calls made while one is under way share it.
   */
  function open(): Promise<void> {
    opening ??= openDraft(draftId.value).finally(() => (opening = null))
    return opening
  }

  /** Moves on to a fresh draft (after the current one was sent or discarded): form, pages and their thumbnails. */
  async function startNext(): Promise<void> {
    pointer.value.id.value = crypto.randomUUID()
    draft.reset()
    formDraftId = null
    await openDraft(draftId.value)
    useObjectUrlsStore().releaseOwner(THUMBNAIL_URL_OWNER)
  }

  /** Runs `send` with `id` marked as being sent, and unmarks it however `send` ends. */
  async function whileSending<T>(id: string, send: () => Promise<T>): Promise<T> {
    sendingId.value = id
    try {
      return await send()
    } finally {
      sendingId.value = null
    }
  }

  return { draftId, sendingId, isSending, editLock, open, startNext, whileSending }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useScannerStore, import.meta.hot))
