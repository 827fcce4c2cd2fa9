import { onScopeDispose, ref, type Ref } from 'vue'

export interface UseStorageQuotaOptions {
  /** Ask the browser not to evict our data under pressure. Asked once per page load. */
  persist?: boolean
}

export interface UseStorageQuotaReturn {
  isSupported: boolean
  /** Bytes the origin uses and may use, as last estimated; null until known. */
  usage: Ref<number | null>
  quota: Ref<number | null>
  /** True when the browser granted persistent storage, false when refused, null when unknown. */
  persisted: Ref<boolean | null>
  refresh: () => Promise<void>
}

let persistRequest: Promise<boolean> | null = null

/** Requests persistent storage once and reports how much of the origin's quota is in use. */
export function useStorageQuota(options: UseStorageQuotaOptions = {}): UseStorageQuotaReturn {
  const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined
  const isSupported = !!storage && typeof storage.estimate === 'function'
  const usage = ref<number | null>(null)
  const quota = ref<number | null>(null)
  const persisted = ref<boolean | null>(null)
  let active = true
  onScopeDispose(() => (active = false))

  async function refresh(): Promise<void> {
    if (!isSupported) return
    try {
      const estimate = await storage!.estimate()
      if (!active) return
      usage.value = estimate.usage ?? null
      quota.value = estimate.quota ?? null
    } catch {
      // An estimate is advice; when the browser will not give one the figure stays unknown.
    }
  }

  if (options.persist !== false && storage && typeof storage.persist === 'function') {
    persistRequest ??= storage.persist().catch(() => false)
    void persistRequest.then((granted) => {
      if (active) persisted.value = granted
    })
  }
  void refresh()

  return { isSupported, usage, quota, persisted, refresh }
}
