import { shallowRef, toValue, watch, type MaybeRefOrGetter, type ShallowRef } from 'vue'
import { useObjectUrl } from '@/composables/useObjectUrl'
import { usePagesStore } from '@/stores/pages'

export interface UsePageOriginalReturn {
  /** Object URL of the page's uncropped original at page size, undefined until made or when there is none. */
  url: Readonly<ShallowRef<string | undefined>>
  /** The original could not be made into a picture (its message), else null. */
  error: Readonly<ShallowRef<string | null>>
}

/** The uncropped original a photo page was made from, as the pages store shows it; its URL is revoked with the caller. */
export function usePageOriginal(pageId: MaybeRefOrGetter<string>): UsePageOriginalReturn {
  const pages = usePagesStore()
  const blob = shallowRef<Blob | null>(null)
  const error = shallowRef<string | null>(null)
  watch(
    () => toValue(pageId),
    async (id, _old, onCleanup) => {
      let stale = false
      onCleanup(() => (stale = true))
      try {
        const shown = await pages.originalToShow(id)
        if (!stale) [blob.value, error.value] = [shown, null]
      } catch (failure) {
        if (!stale) [blob.value, error.value] = [null, failure instanceof Error ? failure.message : String(failure)]
      }
    },
    { immediate: true },
  )
  return { url: useObjectUrl(blob, { owner: 'scanner-corner-editor' }), error }
}
