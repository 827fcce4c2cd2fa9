import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, nextTick, ref, shallowReactive, shallowRef } from 'vue'
import { memoryBudgetBytes, readDeviceMemoryGb } from '@/lib/memoryBudget'
import { accountBytes as sumAccount, formatRatio, memoryLevel, memoryRatio, normaliseThresholds } from '@/lib/memoryLevel'
import { t } from '@/locales/i18n'
import { useObjectUrlsStore } from '@/stores/objectUrls'
import { DEFAULT_MEMORY_CONFIG, type MemoryConfig, type MemoryLevel } from '@/types/frappe'

/** One reading of memory, kept for the last ten minutes. */
export interface MemorySample {
  /** Date.now() of the reading. */
  at: number
  heapUsed: number | null
  heapLimit: number | null
  accountBytes: number
  ratio: number
  level: MemoryLevel
}

export type CleanupReason = 'critical' | 'interval' | 'manual' | (string & {})

/** What the last cleanup did: the ratio before and after, and which registered cleanups failed. */
export interface CleanupRecord {
  at: number
  reason: CleanupReason
  before: number
  after: number
  failed: string[]
}

export type CleanupFn = () => void | Promise<void>

/** How long the history keeps samples: ten minutes, for a chart on the Status page. */
export const MEMORY_HISTORY_MS = 10 * 60 * 1000

interface PerformanceMemory {
  usedJSHeapSize: number
  jsHeapSizeLimit: number
}

function readHeap(): PerformanceMemory | null {
  const memory = (globalThis.performance as (Performance & { memory?: Partial<PerformanceMemory> }) | undefined)?.memory
  if (!memory || typeof memory.usedJSHeapSize !== 'number' || typeof memory.jsHeapSizeLimit !== 'number' || memory.jsHeapSizeLimit <= 0)
    return null
  return { usedJSHeapSize: memory.usedJSHeapSize, jsHeapSizeLimit: memory.jsHeapSizeLimit }
}

/**
 * How full memory is, judged as the higher of the JS heap ratio (`performance.memory`, Chromium only) and
 * the app's own account (held Blob bytes, live object URL bytes, decoding pixels × 4) against its budget
 * (see `memoryBudgetBytes`). The level gates captures; registered cleanups free memory at critical.
 * `useMemoryMonitor` drives the sampling and the cleanups.
 */
export const useMemoryStore = defineStore('memory', () => {
  const objectUrls = useObjectUrlsStore()

  const config = ref<MemoryConfig>({ ...DEFAULT_MEMORY_CONFIG })
  /** 'server' once `applyConfig` has been given the answer of get_memory_config. */
  const configSource = ref<'default' | 'server'>('default')
  /** Why the defaults are in use when get_memory_config could not be loaded; null otherwise. */
  const configError = ref<string | null>(null)
  const deviceMemoryGb = ref<number | null>(readDeviceMemoryGb())

  const heapUsed = ref<number | null>(null)
  const heapLimit = ref<number | null>(null)
  const heapSupported = ref(readHeap() !== null)
  const history = shallowRef<MemorySample[]>([])

  // Keyed so a page that is held twice by mistake is not counted twice, and release needs no arithmetic.
  const held = shallowReactive(new Map<string, number>())
  const decodingPixels = ref(0)

  /** The most recent sample, or null before the first. */
  const latest = computed(() => history.value.at(-1) ?? null)
  const lastCleanup = ref<CleanupRecord | null>(null)
  const cleaning = ref(false)
  // A plain Map: nothing on screen shows it; it is read only when a cleanup runs (and by cleanupNames in tests).
  const cleanups = new Map<string, CleanupFn>()
  let running: Promise<CleanupRecord> | null = null

  const heldBlobBytes = computed(() => {
    let total = 0
    for (const bytes of held.values()) total += bytes
    return total
  })
  const objectUrlBytes = computed(() => objectUrls.bytes)
  const accountBytes = computed(() =>
    sumAccount({ heldBlobBytes: heldBlobBytes.value, objectUrlBytes: objectUrlBytes.value, decodingPixels: decodingPixels.value }),
  )
  const budgetBytes = computed(() => memoryBudgetBytes(config.value.max_memory_mb, deviceMemoryGb.value))
  /** The higher of the heap ratio and account / budget. Live: holding bytes raises it before the next poll. */
  const ratio = computed(
    () =>
      memoryRatio({
        heapUsed: heapUsed.value,
        heapLimit: heapLimit.value,
        accountBytes: accountBytes.value,
        budgetBytes: budgetBytes.value,
      }).ratio,
  )
  const level = computed<MemoryLevel>(() => memoryLevel(ratio.value, config.value))
  /** True where `performance.memory` is missing, so the figure is the app's own estimate. */
  const estimateOnly = computed(() => !heapSupported.value)
  /** The figure as shown: "82 %", or "about 82 %" when it is an estimate. */
  const figure = computed(() => (estimateOnly.value ? t('memory.about', { ratio: formatRatio(ratio.value) }) : formatRatio(ratio.value)))
  const canCapture = computed(() => level.value !== 'critical')
  /** Why a capture is refused, for the disabled `Take photo` and `Add photos` controls; null when allowed. */
  const refusalReason = computed(() =>
    canCapture.value ? null : t('memory.refusal', { figure: figure.value, advice: t('memory.advice') }),
  )
  /** The banner's sentence at warning and critical; null at ok. */
  const warningText = computed(() => {
    if (level.value === 'ok') return null
    if (level.value === 'warning') return t('memory.warning', { figure: figure.value, advice: t('memory.advice') })
    return t('memory.critical', { figure: figure.value, advice: t('memory.advice') })
  })

  /** Uses the answer of get_memory_config. Bad thresholds or sizes keep their defaults. */
  function applyConfig(next: Partial<MemoryConfig>) {
    const number = (value: unknown, fallback: number) =>
      typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback
    config.value = {
      enable_gc: typeof next.enable_gc === 'boolean' ? next.enable_gc : DEFAULT_MEMORY_CONFIG.enable_gc,
      max_memory_mb: number(next.max_memory_mb, DEFAULT_MEMORY_CONFIG.max_memory_mb) || DEFAULT_MEMORY_CONFIG.max_memory_mb,
      batch_size: number(next.batch_size, DEFAULT_MEMORY_CONFIG.batch_size),
      cleanup_interval: number(next.cleanup_interval, DEFAULT_MEMORY_CONFIG.cleanup_interval),
      ...normaliseThresholds(next),
    }
    configSource.value = 'server'
    configError.value = null
  }

  /** Records that get_memory_config failed, so the defaults stay in force and the Status page can say why. */
  function configFailed(error: unknown) {
    configError.value = t('memory.configFailed', { reason: error instanceof Error ? error.message : String(error) })
  }

  /** Counts `bytes` of Blob data held in memory under `key` (replacing what that key held before). */
  function holdBytes(key: string, bytes: number) {
    held.set(key, Number.isFinite(bytes) && bytes > 0 ? bytes : 0)
  }

  /** Stops counting what `key` held. */
  function releaseBytes(key: string) {
    held.delete(key)
  }

  /** Sets how many pixels are being decoded right now (0 when done); each counts 4 bytes. */
  function setDecodingPixels(pixels: number) {
    decodingPixels.value = Number.isFinite(pixels) && pixels > 0 ? pixels : 0
  }

  /** Reads `performance.memory` once, updates the level and appends to the ten-minute history. */
  function sample(now = Date.now()): MemorySample {
    const heap = readHeap()
    heapSupported.value = heap !== null
    heapUsed.value = heap?.usedJSHeapSize ?? null
    heapLimit.value = heap?.jsHeapSizeLimit ?? null
    const entry: MemorySample = {
      at: now,
      heapUsed: heapUsed.value,
      heapLimit: heapLimit.value,
      accountBytes: accountBytes.value,
      ratio: ratio.value,
      level: level.value,
    }
    history.value = [...history.value.filter((s) => now - s.at < MEMORY_HISTORY_MS), entry]
    return entry
  }

  /**
   * Registers what to do when memory must be freed (release off-screen thumbnail URLs, restart the image
   * worker, drop caches). A second registration under the same name replaces the first. Returns the
   * function that unregisters it.
   */
  function registerCleanup(name: string, fn: CleanupFn): () => void {
    cleanups.set(name, fn)
    return () => {
      if (cleanups.get(name) === fn) cleanups.delete(name)
    }
  }

  /** Names of the registered cleanups, in the order they run. */
  function cleanupNames(): string[] {
    return [...cleanups.keys()]
  }

  /**
   * Runs every registered cleanup in turn (one failing does not stop the others), samples again and records
   * `lastCleanup`. A call while a cleanup is running joins it rather than running twice.
   */
  function cleanUp(reason: CleanupReason = 'manual'): Promise<CleanupRecord> {
    if (running) return running
    running = (async () => {
      cleaning.value = true
      const before = ratio.value
      const failed: string[] = []
      for (const [name, fn] of [...cleanups]) {
        try {
          await fn()
        } catch (error) {
          failed.push(name)
          console.error(`Memory cleanup "${name}" failed:`, error)
        }
      }
      // Cleanups often just clear a Blob ref; let components' watchers revoke the URLs before measuring.
      await nextTick()
      sample()
      const record: CleanupRecord = { at: Date.now(), reason, before, after: ratio.value, failed }
      lastCleanup.value = record
      return record
    })().finally(() => {
      cleaning.value = false
      running = null
    })
    return running
  }

  return {
    config,
    configSource,
    configError,
    deviceMemoryGb,
    heapUsed,
    heapLimit,
    heapSupported,
    history,
    latest,
    decodingPixels,
    lastCleanup,
    cleaning,
    heldBlobBytes,
    objectUrlBytes,
    accountBytes,
    budgetBytes,
    ratio,
    level,
    estimateOnly,
    figure,
    canCapture,
    refusalReason,
    warningText,
    applyConfig,
    configFailed,
    holdBytes,
    releaseBytes,
    setDecodingPixels,
    sample,
    registerCleanup,
    cleanupNames,
    cleanUp,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useMemoryStore, import.meta.hot))
