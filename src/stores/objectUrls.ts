import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, shallowReactive } from 'vue'

/** One live object URL: the Blob behind it and who asked for it. */
export interface ObjectUrlEntry {
  readonly url: string
  readonly blob: Blob
  readonly owner: string
  readonly bytes: number
  /** Date.now() when the URL was made. */
  readonly created: number
}

/**
 * Every object URL the app makes, so none outlives the view that needed it and the memory monitor can
 * count the bytes they pin. This is the only code that calls `URL.createObjectURL` and
 * `URL.revokeObjectURL`; components go through `useObjectUrl`.
 */
export const useObjectUrlsStore = defineStore('objectUrls', () => {
  // Shallow: Vue tracks the Map's keys and size, but hands back its entries (and their Blobs) unwrapped.
  const entries = shallowReactive(new Map<string, ObjectUrlEntry>())

  /** How many object URLs are live. */
  const count = computed(() => {
    return entries.size
  })

  /**
   * Bytes of the Blobs behind live URLs. A Blob with two URLs is held once, so it is counted once.
   */
  const bytes = computed(() => {
    const seen = new Set<Blob>()
    let total = 0
    for (const entry of entries.values()) {
      if (seen.has(entry.blob)) continue
      seen.add(entry.blob)
      total += entry.bytes
    }
    return total
  })

  /**
   * Makes an object URL for `blob` on behalf of `owner` (a component, a view, a feature). Each call makes
   * a new URL; give it back with `release`, or all of an owner's at once with `releaseOwner`.
   */
  function acquire(blob: Blob, owner: string): string {
    if (!(blob instanceof Blob)) throw new TypeError('acquire needs a Blob or File to make an object URL for.')
    if (typeof owner !== 'string' || owner.trim() === '') throw new TypeError('acquire needs the name of the owner of the URL.')
    const url = URL.createObjectURL(blob)
    entries.set(url, { url, blob, owner, bytes: blob.size, created: Date.now() })
    return url
  }

  /** Revokes one URL made by `acquire`. Returns false (and revokes nothing) for a URL the store did not make. */
  function release(url: string): boolean {
    if (!entries.delete(url)) return false
    URL.revokeObjectURL(url)
    return true
  }

  /** Revokes every URL for which `predicate` is true, e.g. thumbnails not on screen. Returns how many. */
  function releaseWhere(predicate: (entry: ObjectUrlEntry) => boolean): number {
    const doomed = [...entries.values()].filter((entry) => predicate(entry))
    for (const entry of doomed) {
      entries.delete(entry.url)
      URL.revokeObjectURL(entry.url)
    }
    return doomed.length
  }

  /** Revokes every URL of one owner. Returns how many. */
  function releaseOwner(owner: string): number {
    return releaseWhere((entry) => entry.owner === owner)
  }

  /** Revokes every live URL (leaving the Scanner, signing out). Returns how many. */
  function releaseAll(): number {
    return releaseWhere(() => true)
  }

  /** How many live URLs one owner holds. Reactive when read inside a computed or template. */
  function ownerCount(owner: string): number {
    let n = 0
    for (const entry of entries.values()) if (entry.owner === owner) n += 1
    return n
  }

  /** True while `url` is a live URL made by this store. Reactive like `ownerCount`. */
  function isLive(url: string): boolean {
    return entries.has(url)
  }

  /** A snapshot of the live entries, oldest first (for the Status page and for cleanup decisions). */
  function list(): ObjectUrlEntry[] {
    return [...entries.values()]
  }

  return { count, bytes, acquire, release, releaseWhere, releaseOwner, releaseAll, ownerCount, isLive, list }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useObjectUrlsStore, import.meta.hot))
