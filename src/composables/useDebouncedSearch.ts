import { useDebounceFn } from '@vueuse/core'
import { onScopeDispose, ref, type MaybeRefOrGetter, type Ref } from 'vue'

export interface UseDebouncedSearchOptions<T> {
  /** Asks the backend; called with the trimmed text once typing pauses. */
  search: (text: string) => Promise<T[]>
  debounceMs: MaybeRefOrGetter<number>
  /** The newest search's answer (`[]` when it failed). Older answers arriving late are dropped. */
  onResults: (found: T[]) => void
}

export interface UseDebouncedSearchReturn {
  /** True while the newest search is waiting for the backend. */
  searching: Ref<boolean>
  /** Searches for `text` once no other call has come for `debounceMs`. */
  schedule: (text: string) => void
}

/** Search-as-you-type: waits for typing to pause, and only the newest answer counts. Stops with its scope. */
export function useDebouncedSearch<T>(options: UseDebouncedSearchOptions<T>): UseDebouncedSearchReturn {
  const searching = ref(false)
  // A ticket per search rather than a watcher's onWatcherCleanup: searches start from `schedule` calls, not a watch.
  let latest = 0

  async function run(text: string): Promise<void> {
    const ticket = ++latest
    searching.value = true
    let found: T[] = []
    try {
      found = await options.search(text.trim())
    } catch {
      // Nothing to suggest; the field still takes what was typed.
    }
    // A slower, older answer must not replace a newer one.
    if (ticket !== latest) return
    searching.value = false
    options.onResults(found)
  }

  const debounced = useDebounceFn((text: string) => run(text), options.debounceMs)

  function schedule(text: string): void {
    void debounced(text)
  }

  onScopeDispose(() => {
    debounced.cancel()
    latest++
  })

  return { searching, schedule }
}
