import { onScopeDispose, shallowRef, watch, type ShallowRef } from 'vue'
import { i18n, t } from '@/locales/i18n'
import type { PageBytesMode } from '@/storage/blobSupport'
import { useNoticesStore } from '@/stores/notices'

/** The notices' id, so a test or a later check finds and replaces the same notice. */
export const PAGE_BYTES_NOTICE_ID = 'page-bytes'

/** The message keys of what the clerk is told when photos cannot be kept as in a normal window. */
export const PAGE_BYTES_NOTICE_KEYS: Record<Exclude<PageBytesMode, 'blob'>, string> = {
  arraybuffer: 'storage.privateUntilClosed',
  none: 'storage.privateNothing',
}

export interface UsePageBytesNoticeReturn {
  /** How page bytes are kept here, once detected; null before. */
  mode: ShallowRef<PageBytesMode | null>
}

/**
 * Finds out at start whether this browser can keep photos in IndexedDB (Safari's Private Browsing
 * cannot keep Blobs there), and tells the clerk once, plainly, what that means for their pages.
 */
export function usePageBytesNotice(): UsePageBytesNoticeReturn {
  const notices = useNoticesStore()
  const mode = shallowRef<PageBytesMode | null>(null)
  let active = true
  onScopeDispose(() => (active = false))
  // Imported when called, not with the app: the probe and IndexedDB's wrapper stay out of the first screen's code.
  void import('@/storage/blobSupport')
    .then(({ pageBytesMode }) => pageBytesMode())
    .then((found) => {
      if (active) mode.value = found
    })
  // Said once when the mode is found. German arrives as a chunk of its own, possibly after the probe: a change of
  // language rewrites the notice in place (same id), and one the clerk has dismissed stays dismissed.
  watch([mode, () => i18n.global.locale.value], ([found], [before]) => {
    if (!found || found === 'blob') return
    if (found === before && !notices.notices.some((notice) => notice.id === PAGE_BYTES_NOTICE_ID)) return
    notices.push({ id: PAGE_BYTES_NOTICE_ID, kind: found === 'none' ? 'error' : 'warning', text: t(PAGE_BYTES_NOTICE_KEYS[found]) })
  })
  return { mode }
}
