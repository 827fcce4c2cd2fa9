import { onScopeDispose, onWatcherCleanup, shallowReactive, shallowRef, toValue, watch, type MaybeRefOrGetter, type ShallowRef } from 'vue'
import { currentConnection } from '@/api/client'
import { downloadFile, isBackendFile, resolveFileUrl } from '@/api/files'
import { DEFAULT_THUMB_PX } from '@/lib/decodeTarget'
import type { FrappeFile } from '@/types/frappe'
import { createImageWorkerClient, type ImageWorkerClient } from '@/workers/imageWorkerClient'
import { useObjectUrlOwner } from './useObjectUrl'

export interface UseAttachmentImagesReturn {
  /** A thumbnail (long side ≤ 320 px) made on this device; undefined while it is being made. */
  thumbOf: (file: FrappeFile) => string | undefined
  /** The file itself, for the full-size view; undefined while it is fetched. */
  fullUrl: Readonly<ShallowRef<string | undefined>>
  /** Shows `file` full size (fetching it first with an API key pair); null hides it and frees it. */
  showFull: (file: FrappeFile | null) => Promise<void>
  /** Names of the files that could not be fetched or read. */
  failed: Readonly<ShallowRef<string[]>>
}

/** Whether a File is a PDF: shown as a PDF badge, never decoded. */
export const isPdf = (file: FrappeFile) => /\.pdf$/i.test(file.file_name)

/** Whether a File is a picture the browser can show (other attachments, a spreadsheet say, get a badge). */
export const isImage = (file: FrappeFile) => /\.(jpe?g|png|webp|gif)$/i.test(file.file_name)

/**
 * Images of an invoice's attached pages. An `<img>` of each stored page would make the tab decode every
 * 2000 px page at full size to show it at 8 rem (measured: +306 MB for 20 pages), so each one is fetched
 * through the API client, one at a time, turned into a 320 px thumbnail by the image worker (decoded at
 * 1/8 scale), and shown through an object URL; only the page opened full size is loaded whole. The API
 * client sends the session cookie or the API key pair, so this works either way; a file on another host
 * is shown by its own URL and never gets the key pair. Every URL goes when the list changes or the
 * component does.
 */
export function useAttachmentImages(files: MaybeRefOrGetter<readonly FrappeFile[]>): UseAttachmentImagesReturn {
  const owner = useObjectUrlOwner('attachment-images')
  const thumbs = shallowReactive(new Map<string, string>())
  const failed = shallowRef<string[]>([])
  const fullUrl = shallowRef<string | undefined>()
  let worker: ImageWorkerClient | null = null
  let fullController: AbortController | null = null

  watch(
    () => toValue(files),
    async (list) => {
      // A newer list (or the component going) stops this one's downloads: only the newest list fills in.
      const mine = new AbortController()
      onWatcherCleanup(() => mine.abort())
      for (const url of thumbs.values()) owner.release(url)
      thumbs.clear()
      failed.value = []
      for (const file of list.filter((f) => isBackendFile(f.file_url) && isImage(f))) {
        try {
          const blob = await downloadFile(file.file_url, { signal: mine.signal })
          if (mine.signal.aborted) return
          worker ??= createImageWorkerClient({ maxPagePx: DEFAULT_THUMB_PX, thumbPx: 0 })
          const { page } = await worker.normalize(blob, { fileName: file.file_name })
          if (mine.signal.aborted) return
          thumbs.set(file.name, owner.acquire(page))
        } catch {
          if (mine.signal.aborted) return
          failed.value = [...failed.value, file.file_name]
        }
      }
    },
    { immediate: true },
  )

  async function showFull(file: FrappeFile | null): Promise<void> {
    fullController?.abort()
    if (fullUrl.value?.startsWith('blob:')) owner.release(fullUrl.value)
    fullUrl.value = undefined
    if (!file) return
    if (!currentConnection().usesApiKey || !isBackendFile(file.file_url)) {
      fullUrl.value = resolveFileUrl(file.file_url)
      return
    }
    const mine = (fullController = new AbortController())
    try {
      const blob = await downloadFile(file.file_url, { signal: mine.signal })
      if (!mine.signal.aborted) fullUrl.value = owner.acquire(blob)
    } catch {
      if (!mine.signal.aborted) failed.value = [...failed.value, file.file_name]
    }
  }

  onScopeDispose(() => {
    fullController?.abort()
    worker?.terminate()
  })

  return {
    thumbOf: (file) => (isBackendFile(file.file_url) ? thumbs.get(file.name) : resolveFileUrl(file.file_url)),
    fullUrl,
    showFull,
    failed,
  }
}
