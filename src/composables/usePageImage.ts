import { onWatcherCleanup, ref, shallowRef, toValue, watch, type MaybeRefOrGetter, type Ref, type ShallowRef } from 'vue'
import { getPage } from '@/storage/pages'

export interface UsePageImageOptions {
  /** `thumb` for the strip's small image, `page` for the full-size viewer. */
  part: 'thumb' | 'page'
  /** Read only while this is true (a thumbnail near the screen); true by default. */
  enabled?: MaybeRefOrGetter<boolean>
  /** Changes when the stored image changed under the same id (a retake keeps the page's id). */
  version?: MaybeRefOrGetter<unknown>
}

export interface UsePageImageReturn {
  /** The image read from IndexedDB, in a shallowRef so Vue never wraps the Blob. */
  blob: ShallowRef<Blob | null>
  /** True when the page was read and has no such image (gone, or damaged by the browser). */
  missing: Ref<boolean>
  /** Lets go of the Blob now (memory cleanup); it is read again when next enabled. */
  release(): void
}

/**
 * One page's thumbnail or full image from IndexedDB, read when needed; a read that a newer one (another
 * page, a retake, scrolled away) overtakes is dropped.
 */
export function usePageImage(id: MaybeRefOrGetter<string>, options: UsePageImageOptions): UsePageImageReturn {
  const blob = shallowRef<Blob | null>(null)
  const missing = ref(false)
  let loaded: string | null = null

  watch(
    [() => toValue(id), () => toValue(options.enabled ?? true), () => toValue(options.version)],
    async ([pageId, enabled, version]) => {
      const key = `${pageId}:${String(version)}`
      if (!enabled || loaded === key) return
      let current = true
      onWatcherCleanup(() => (current = false))
      const record = await getPage(pageId)
      if (!current) return
      const image = options.part === 'thumb' ? record?.thumb : record?.blob
      loaded = key
      blob.value = image instanceof Blob ? image : null
      missing.value = blob.value === null
    },
    { immediate: true },
  )

  function release(): void {
    blob.value = null
    loaded = null
  }

  return { blob, missing, release }
}
