import { ref, toValue, watch, type MaybeRefOrGetter, type Ref } from 'vue'
import { INITIAL_STEADY, nextSteady, type SteadyOptions, type SteadyPhase, type SteadyState } from '@/lib/camera/steadyOutline'
import type { LiveOutline } from './useLiveOutline'

export interface UseAutoCaptureOptions {
  /** The live outline's latest frame (a new object per frame). */
  outline: Readonly<Ref<LiveOutline | null>>
  /** Auto capture is on and a photo may be taken now (setting on, camera open, capture not refused). */
  enabled: MaybeRefOrGetter<boolean>
  /** Takes the photo. */
  capture: () => Promise<void> | void
  steadiness?: SteadyOptions
}

export interface UseAutoCaptureReturn {
  /** `searching`, `holding` (Hold still…), `capture` (taking it) or `taken` (waiting for the next page). */
  phase: Ref<SteadyPhase>
}

/**
 * Takes the photo by itself once the live outline has held still for about a second, and not again until
 * that page has left the view or moved (see `lib/camera/steadyOutline.ts`).
 */
export function useAutoCapture(options: UseAutoCaptureOptions): UseAutoCaptureReturn {
  let state: SteadyState = INITIAL_STEADY
  const phase = ref<SteadyPhase>(state.phase)

  watch(options.outline, (frame) => {
    if (!toValue(options.enabled) || !frame) {
      state = INITIAL_STEADY
    } else {
      state = nextSteady(state, frame.corners, frame.at, frame.width / frame.height, options.steadiness)
      if (state.phase === 'capture') void options.capture()
    }
    phase.value = state.phase
  })

  watch(
    () => toValue(options.enabled),
    (on) => {
      if (on) return
      state = INITIAL_STEADY
      phase.value = state.phase
    },
  )

  return { phase }
}
