import { ref, toValue, watch, type MaybeRefOrGetter, type Ref } from 'vue'
import { listShared, removeShared } from '@/storage/sharedInbox'
import { t } from '@/locales/i18n'

export interface UseSharedFilesOptions {
  /** False while pages cannot be added (memory, sending); shared files then wait on the device. */
  canTake: MaybeRefOrGetter<boolean>
  /** Adds the files as pages and resolves once they are stored (or reported as failures). */
  add: (files: File[]) => Promise<void>
}

export interface UseSharedFilesReturn {
  /** Shared files turned into pages since the Scanner opened. */
  taken: Ref<number>
  /** Shared files still waiting on the device for capture to be allowed. */
  waiting: Ref<number>
  /** Why the waiting files could not be read, or null. */
  error: Ref<string | null>
  /** The service worker could not read or keep the last share (it said so in the Scanner's URL). */
  receiveFailed: boolean
  /** Files the service worker left out of the last share (too many, too big). */
  refused: number
  /** Takes whatever was shared; call once the current draft is loaded. */
  take: () => Promise<void>
}

/**
 * Files shared to the installed app (photos from the gallery, a PDF from mail) become pages of the current
 * draft. They are removed from the inbox only after they are stored as pages, so a closed tab loses none.
 */
export function useSharedFiles(options: UseSharedFilesOptions): UseSharedFilesReturn {
  const taken = ref(0)
  const waiting = ref(0)
  const error = ref<string | null>(null)
  let running: Promise<void> | null = null
  // The service worker's redirect after a share says how it went (src/serviceWorker/appShell.sw.js).
  const query = new URLSearchParams(window.location.search)
  const receiveFailed = query.get('shared') === 'failed'
  const refused = Math.max(0, Number.parseInt(query.get('refused') ?? '0', 10) || 0)

  async function takeOnce(): Promise<void> {
    try {
      const shared = await listShared()
      if (!toValue(options.canTake)) {
        waiting.value = shared.length
        return
      }
      waiting.value = 0
      if (!shared.length) return
      await options.add(shared.map(({ file }) => file))
      await removeShared(shared.map(({ key }) => key))
      taken.value += shared.length
      error.value = null
    } catch (cause) {
      error.value = t('shared.addFailed', { reason: cause instanceof Error ? cause.message : String(cause) })
    }
  }

  function take(): Promise<void> {
    running ??= takeOnce().finally(() => (running = null))
    return running
  }

  // Files that waited for memory (or for sending to finish) are taken as soon as capture is allowed again.
  watch(
    () => toValue(options.canTake),
    (can) => {
      if (can && waiting.value) void take()
    },
  )

  return { taken, waiting, error, receiveFailed, refused, take }
}
