import {
  computed,
  getCurrentScope,
  onScopeDispose,
  shallowRef,
  toValue,
  watch,
  type ComputedRef,
  type MaybeRefOrGetter,
  type ShallowRef,
} from 'vue'
import { useObjectUrlsStore } from '@/stores/objectUrls'

export interface UseObjectUrlOptions {
  /**
   * Who the URL is for, as the object URL store records it. Defaults to an id unique to this call, so the
   * Status page and `releaseOwner` can tell components apart.
   */
  owner?: string
}

export type UseObjectUrlReturn = Readonly<ShallowRef<string | undefined>>

let lastOwnerId = 0

/** A fresh owner id, e.g. "object-url-7". */
export function nextObjectUrlOwner(prefix = 'object-url'): string {
  lastOwnerId += 1
  return `${prefix}-${lastOwnerId}`
}

function requireScope(name: string): void {
  // Without a scope nothing would ever revoke the URL: refuse instead of leaking.
  if (!getCurrentScope())
    throw new Error(`${name} must be called inside a component's setup or an effectScope, so its URLs are revoked when it ends.`)
}

/**
 * An object URL for a Blob that may change or go away, made through the object URL store. The old URL is
 * revoked when the Blob changes or becomes null, and the current one when the calling component unmounts
 * (or its effect scope stops). Only this call's URL is revoked, even when `owner` is shared.
 */
export function useObjectUrl(blob: MaybeRefOrGetter<Blob | null | undefined>, options: UseObjectUrlOptions = {}): UseObjectUrlReturn {
  requireScope('useObjectUrl')
  const store = useObjectUrlsStore()
  const owner = options.owner ?? nextObjectUrlOwner()
  const url = shallowRef<string | undefined>()

  function releaseCurrent() {
    if (url.value === undefined) return
    store.release(url.value)
    url.value = undefined
  }

  watch(
    () => toValue(blob),
    (next) => {
      releaseCurrent()
      if (next) url.value = store.acquire(next, owner)
    },
    { immediate: true },
  )

  onScopeDispose(releaseCurrent)
  return url
}

export interface UseObjectUrlOwnerReturn {
  /** The owner id all URLs made here are recorded under. */
  owner: string
  /** Makes a URL owned by this scope; it is revoked with `release`, `releaseAll` or when the scope ends. */
  acquire: (blob: Blob) => string
  /** Revokes one URL made by `acquire`. */
  release: (url: string) => boolean
  /** Revokes every URL made by `acquire`. Returns how many. */
  releaseAll: () => number
  /** How many of this owner's URLs are live. */
  count: ComputedRef<number>
}

/**
 * An owner id bound to the current scope, for URLs made on demand rather than from a Blob ref: a full-size
 * page view makes its URL when opened, calls `release` when closed, and anything left is revoked when the
 * component unmounts.
 */
export function useObjectUrlOwner(prefix = 'object-url-owner'): UseObjectUrlOwnerReturn {
  requireScope('useObjectUrlOwner')
  const store = useObjectUrlsStore()
  const owner = nextObjectUrlOwner(prefix)
  const releaseAll = () => store.releaseOwner(owner)
  onScopeDispose(releaseAll)
  return {
    owner,
    acquire: (blob) => store.acquire(blob, owner),
    release: (url) => store.releaseWhere((entry) => entry.url === url && entry.owner === owner) === 1,
    releaseAll,
    count: computed(() => store.ownerCount(owner)),
  }
}
