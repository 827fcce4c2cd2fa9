import { onScopeDispose, shallowRef, toValue, watch, type MaybeRefOrGetter, type ShallowRef } from 'vue'
import { currentConnection } from '@/api/client'
import { downloadFile, isBackendFile, resolveFileUrl } from '@/api/files'
import type { FrappeFile } from '@/types/frappe'
import { useObjectUrlOwner } from './useObjectUrl'

export interface UseServerFileUrlsReturn {
  /** What an `<img>` or `<iframe>` can show for the file; undefined while it is still being fetched. */
  urlOf: (file: FrappeFile) => string | undefined
  /** Names of the files that could not be fetched. */
  failed: Readonly<ShallowRef<string[]>>
}

/**
 * URLs to show files stored on the backend. With the session cookie a file's own URL works, so that is
 * used. With an API key pair the browser would send no Authorization header for an `<img>`, so each file
 * is fetched through the API client, one at a time, and shown through an object URL from the store:
 * revoked when the list changes or the component goes.
 */
export function useServerFileUrls(files: MaybeRefOrGetter<readonly FrappeFile[]>): UseServerFileUrlsReturn {
  const owner = useObjectUrlOwner('server-files')
  const fetched = shallowRef(new Map<string, string>())
  const failed = shallowRef<string[]>([])
  let controller: AbortController | null = null

  watch(
    () => toValue(files),
    async (list) => {
      controller?.abort()
      owner.releaseAll()
      fetched.value = new Map()
      failed.value = []
      if (!currentConnection().usesApiKey) return
      const mine = (controller = new AbortController())
      for (const file of list.filter((f) => isBackendFile(f.file_url))) {
        try {
          const blob = await downloadFile(file.file_url, { signal: mine.signal })
          if (mine.signal.aborted) return
          fetched.value = new Map(fetched.value).set(file.name, owner.acquire(blob))
        } catch {
          if (mine.signal.aborted) return
          failed.value = [...failed.value, file.file_name]
        }
      }
    },
    { immediate: true },
  )
  onScopeDispose(() => controller?.abort())

  return {
    urlOf: (file) =>
      currentConnection().usesApiKey && isBackendFile(file.file_url) ? fetched.value.get(file.name) : resolveFileUrl(file.file_url),
    failed,
  }
}
