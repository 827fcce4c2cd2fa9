import { useDocumentVisibility } from '@vueuse/core'
import { onScopeDispose, ref, shallowRef, toValue, watch, type MaybeRefOrGetter, type Ref, type ShallowRef } from 'vue'
import { forceCleanup as requestForceCleanup, getMemoryStatus } from '@/api/memory'
import type { ForceCleanupResult, ServerMemoryStatus } from '@/types/frappe'
import { t } from '@/locales/i18n'

export const SERVER_POLL_INTERVAL_MS = 5_000
export const SERVER_HISTORY_MS = 10 * 60_000

/** One reading of the server kept for the chart. */
export interface ServerMemorySample {
  /** When the answer arrived, ms since the epoch (the browser's clock, so the chart needs no clock sync). */
  at: number
  rssMb: number
  heapUsedMb: number
  usageRatio: number
}

export interface UseServerMemoryStatusOptions {
  /** How often to ask while the page is visible. */
  intervalMs?: MaybeRefOrGetter<number>
  /** How far back the history reaches. */
  historyMs?: number
}

export interface UseServerMemoryStatusReturn {
  /** The latest answer, kept while a later poll fails so the figures do not blank out. */
  status: ShallowRef<ServerMemoryStatus | null>
  /** Readings of the last `historyMs`, oldest first. */
  history: ShallowRef<readonly ServerMemorySample[]>
  /** The last poll's error as text for the page, or null once a poll succeeds again. */
  error: Ref<string | null>
  /** True while the page is visible and the poll timer runs. */
  isPolling: Ref<boolean>
  /** Asks now (and is what the timer calls); concurrent calls share one request. */
  refresh: () => Promise<void>
  /** The last forced cleanup's before/after figures, or null before the first. */
  lastForced: ShallowRef<ForceCleanupResult | null>
  isForcing: Ref<boolean>
  forceError: Ref<string | null>
  /** Runs `force_cleanup` (System Manager only on the server) and refreshes the figures. */
  forceCleanup: () => Promise<ForceCleanupResult | null>
}

/**
 * Polls `get_memory_status` every `intervalMs` while the document is visible, pauses while it is hidden (a
 * background tab should not keep a server busy), asks at once when it becomes visible again, and stops
 * for good when the calling scope is disposed.
 */
export function useServerMemoryStatus(options: UseServerMemoryStatusOptions = {}): UseServerMemoryStatusReturn {
  const { intervalMs = SERVER_POLL_INTERVAL_MS, historyMs = SERVER_HISTORY_MS } = options
  const status = shallowRef<ServerMemoryStatus | null>(null)
  const history = shallowRef<readonly ServerMemorySample[]>([])
  const error = ref<string | null>(null)
  const isPolling = ref(false)
  const lastForced = shallowRef<ForceCleanupResult | null>(null)
  const isForcing = ref(false)
  const forceError = ref<string | null>(null)
  const visibility = useDocumentVisibility()

  let timer: ReturnType<typeof setTimeout> | undefined
  let inFlight: Promise<void> | null = null
  let disposed = false
  // Aborts whatever is still on the wire when the page goes away.
  const aborter = new AbortController()

  function record(answer: ServerMemoryStatus): void {
    const at = Date.now()
    const sample: ServerMemorySample = {
      at,
      rssMb: answer.process.rss_mb,
      heapUsedMb: answer.process.heap_used_mb,
      usageRatio: answer.usage_ratio,
    }
    history.value = [...history.value.filter((s) => s.at >= at - historyMs), sample]
    status.value = answer
  }

  function refresh(): Promise<void> {
    inFlight ??= getMemoryStatus({ signal: aborter.signal })
      .then((answer) => {
        if (disposed) return
        record(answer)
        error.value = null
      })
      .catch((err: unknown) => {
        if (!disposed) error.value = messageOf(err, t('server.readFailed'))
      })
      .finally(() => {
        inFlight = null
      })
    return inFlight
  }

  function stop(): void {
    clearTimeout(timer)
    timer = undefined
    isPolling.value = false
  }

  function schedule(): void {
    clearTimeout(timer)
    if (disposed || visibility.value !== 'visible') return stop()
    isPolling.value = true
    timer = setTimeout(tick, toValue(intervalMs))
  }

  // Wait for the answer before arming the next timer, so a slow server never has two polls queued.
  async function tick(): Promise<void> {
    timer = undefined
    await refresh()
    schedule()
  }

  async function forceCleanup(): Promise<ForceCleanupResult | null> {
    isForcing.value = true
    forceError.value = null
    try {
      const result = await requestForceCleanup({ signal: aborter.signal })
      if (disposed) return result
      lastForced.value = result
      await refresh()
      return result
    } catch (err) {
      if (!disposed) forceError.value = messageOf(err, t('server.cleanupFailed'))
      return null
    } finally {
      isForcing.value = false
    }
  }

  watch(
    visibility,
    (state) => {
      if (state === 'visible') void tick()
      else stop()
    },
    { immediate: true },
  )

  onScopeDispose(() => {
    disposed = true
    stop()
    aborter.abort()
  })

  return { status, history, error, isPolling, refresh, lastForced, isForcing, forceError, forceCleanup }
}

function messageOf(err: unknown, fallback: string): string {
  return err instanceof Error && err.message ? err.message : fallback
}
