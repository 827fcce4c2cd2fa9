import { getActivePinia } from 'pinia'
import { onScopeDispose, toValue, watch, type MaybeRefOrGetter } from 'vue'

type SubmissionStore = ReturnType<typeof import('@/stores/submission').useSubmissionStore>

export interface UseSubmissionAutoResumeOptions {
  /** Whether a clerk is signed in now. */
  signedIn: MaybeRefOrGetter<boolean>
}

/**
 * Unfinished submissions carry on by themselves while someone is signed in, whichever page is open; signing
 * out (or the session ending) pauses them and forgets the last "Invoice sent", so the next clerk on this
 * device does not see it. The submission store, and the draft, page and image-worker code under it, is
 * imported only once someone is signed in: the sign-in screen and the app's first paint do not wait for it.
 */
export function useSubmissionAutoResume(options: UseSubmissionAutoResumeOptions): void {
  // Captured now: after the import's await, the active Pinia may be another app's (tests mount several).
  const pinia = getActivePinia()
  let store: SubmissionStore | null = null
  let loading: Promise<SubmissionStore> | null = null
  let disposed = false
  const load = () => (loading ??= import('@/stores/submission').then(({ useSubmissionStore }) => (store = useSubmissionStore(pinia))))
  const stop = (loaded: SubmissionStore) => {
    loaded.stopAutoResume()
    loaded.dismissResult()
  }

  watch(
    () => toValue(options.signedIn),
    (on) => {
      if (on) {
        // Whichever answer comes last wins: a sign-out while the code loads must not start anything.
        void load().then((loaded) => !disposed && toValue(options.signedIn) && loaded.startAutoResume())
      } else if (store) stop(store)
      else void loading?.then((loaded) => !toValue(options.signedIn) && stop(loaded))
    },
    { immediate: true },
  )
  onScopeDispose(() => {
    disposed = true
    store?.stopAutoResume()
  })
}
