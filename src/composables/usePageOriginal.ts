import { shallowRef, toValue, watch, type MaybeRefOrGetter, type ShallowRef } from 'vue'
import { useObjectUrl } from '@/composables/useObjectUrl'
import { getPage } from '@/storage/pages'

export interface UsePageOriginalReturn {
  /** Object URL of the page's uncropped original (the photo as it came), undefined until read or when there is none. */
  url: Readonly<ShallowRef<string | undefined>>
}

/** The uncropped original a photo page was made from, read from IndexedDB; its URL is revoked with the caller. */
export function usePageOriginal(pageId: MaybeRefOrGetter<string>): UsePageOriginalReturn {
  const blob = shallowRef<Blob | null>(null)
  watch(
    () => toValue(pageId),
    async (id, _old, onCleanup) => {
      let stale = false
      onCleanup(() => (stale = true))
      const record = await getPage(id)
      if (!stale) blob.value = record?.document?.original ?? null
    },
    { immediate: true },
  )
  return { url: useObjectUrl(blob, { owner: 'scanner-corner-editor' }) }
}
