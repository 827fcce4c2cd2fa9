import { onScopeDispose, shallowRef, type ShallowRef } from 'vue'
import type { PageBytesMode } from '@/storage/blobSupport'
import { useNoticesStore } from '@/stores/notices'
import { t } from '@/locales/i18n'

/** The notices' id, so a test or a later check finds and replaces the same notice. */
export const PAGE_BYTES_NOTICE_ID = 'page-bytes'

/** What the clerk is told when photos cannot be kept as in a normal window (message keys). */
export const PAGE_BYTES_NOTICES: Record<Exclude<PageBytesMode, 'blob'>, string> = {
  arraybuffer: 'storage.privateUntilClosed',
  none: 'storage.privateNone',
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
      if (!active) return
      mode.value = found
      if (found !== 'blob')
        notices.push({ id: PAGE_BYTES_NOTICE_ID, kind: found === 'none' ? 'error' : 'warning', text: t(PAGE_BYTES_NOTICES[found]) })
    })
  return { mode }
}
