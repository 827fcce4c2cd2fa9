import { useDocumentVisibility, useIntervalFn } from '@vueuse/core'
import { computed, watch, type ComputedRef, type Ref } from 'vue'
import { getMemoryConfig } from '@/api/memory'
import { useMemoryStore, type CleanupRecord } from '@/stores/memory'
import type { MemoryConfig, MemoryLevel } from '@/types/frappe'

export interface UseMemoryMonitorOptions {
  /** How often to sample while the tab is visible, in ms. Default 2000. */
  pollMs?: number
  /**
   * Loads the thresholds: `'server'` asks get_memory_config, a test passes its own. Until it answers (or
   * when it fails, e.g. offline) the defaults apply; without it they stay.
   */
  loadConfig?: 'server' | (() => Promise<MemoryConfig>)
}

export interface UseMemoryMonitorReturn {
  /** True while polling (the tab is visible and the scope alive). */
  isPolling: Readonly<Ref<boolean>>
  level: ComputedRef<MemoryLevel>
  /** Why the thresholds are the defaults, when loading them failed. */
  configError: ComputedRef<string | null>
  /** Samples now, outside the schedule (e.g. right after a page is added). */
  sampleNow: () => void
  /** Runs the registered cleanups now. */
  cleanUpNow: () => Promise<CleanupRecord>
}

/**
 * Watches memory for as long as the calling scope lives; mount it once, in the app shell. Samples every
 * 2 s while the tab is visible and pauses while it is hidden; runs the registered cleanups once each time
 * the level crosses into critical, and every `cleanup_interval` seconds while `enable_gc` is on. Every
 * timer and listener ends with the scope.
 */
export function useMemoryMonitor(options: UseMemoryMonitorOptions = {}): UseMemoryMonitorReturn {
  const store = useMemoryStore()
  const visibility = useDocumentVisibility()

  const poll = useIntervalFn(() => store.sample(), options.pollMs ?? 2000, { immediate: false })

  // Hidden tabs are throttled anyway and nobody is capturing; resume with a fresh reading.
  watch(
    visibility,
    (state) => {
      if (state === 'hidden') {
        poll.pause()
        return
      }
      store.sample()
      poll.resume()
    },
    { immediate: true },
  )

  // Once per crossing: the watcher fires on the change into critical, not on every poll that stays there.
  watch(
    () => store.level,
    (level, previous) => {
      if (level === 'critical' && previous !== 'critical') void store.cleanUp('critical')
    },
    { immediate: true },
  )

  const cleanupMs = computed(() => Math.max(0, store.config.cleanup_interval) * 1000)
  const periodic = useIntervalFn(() => void store.cleanUp('interval'), cleanupMs, { immediate: false })
  watch(
    () => store.config.enable_gc && cleanupMs.value > 0,
    (on) => (on ? periodic.resume() : periodic.pause()),
    { immediate: true },
  )

  if (options.loadConfig) {
    const load = options.loadConfig === 'server' ? getMemoryConfig : options.loadConfig
    load()
      .then((config) => store.applyConfig(config))
      .catch((error: unknown) => store.configFailed(error))
  }

  return {
    isPolling: poll.isActive,
    level: computed(() => store.level),
    configError: computed(() => store.configError),
    sampleNow: () => void store.sample(),
    cleanUpNow: () => store.cleanUp('manual'),
  }
}
