/**
 * When Auto capture takes the photo: the live outline has to stay put (every corner within `tolerance` of
 * the diagonal from where it was when the hold began) for `holdMs`; then it fires once. After a photo it
 * waits at least `cooldownMs`, and then until the page is gone from view or clearly moved, so one page lying
 * still is never taken twice. A pure state machine: the camera feeds it each analysed frame.
 */
import type { Quad } from '../document/geometry'

export interface SteadyOptions {
  /** Largest corner movement, as a share of the frame's diagonal, that still counts as holding still. */
  tolerance?: number
  /** How long the outline must hold still before the photo is taken. */
  holdMs?: number
  /** Shortest time after a photo before the next can begin. */
  cooldownMs?: number
  /** Movement (share of the diagonal) after which the outline counts as a new page after a photo. */
  newPageShift?: number
}

export const STEADY_DEFAULTS: Required<SteadyOptions> = { tolerance: 0.025, holdMs: 1000, cooldownMs: 1500, newPageShift: 0.1 }

/**
 * `searching`: no outline; `holding`: an outline, held still since `since`; `capture`: take the photo now
 * (given once); `taken`: the photo of the outline `anchor` was taken at `since`.
 */
export type SteadyPhase = 'searching' | 'holding' | 'capture' | 'taken'

export interface SteadyState {
  phase: SteadyPhase
  /** The outline the hold is measured from, or the one last taken. */
  anchor: Quad | null
  since: number
}

export const INITIAL_STEADY: SteadyState = { phase: 'searching', anchor: null, since: 0 }

/**
 * The largest distance between matching corners of two normalised quads, as a share of the frame's
 * diagonal; `aspect` is the frame's width over height (normalised x and y are not the same length).
 */
export function quadShift(a: Quad, b: Quad, aspect: number): number {
  const diagonal = Math.hypot(aspect, 1)
  let worst = 0
  for (let i = 0; i < 4; i++) worst = Math.max(worst, Math.hypot((a[i]!.x - b[i]!.x) * aspect, a[i]!.y - b[i]!.y))
  return worst / diagonal
}

/** The state after one analysed frame (`corners` normalised and ordered [tl, tr, br, bl], or null). */
export function nextSteady(
  state: SteadyState,
  corners: Quad | null,
  now: number,
  aspect: number,
  options: SteadyOptions = {},
): SteadyState {
  const { tolerance, holdMs, cooldownMs, newPageShift } = { ...STEADY_DEFAULTS, ...options }
  switch (state.phase) {
    case 'capture':
      return { phase: 'taken', anchor: state.anchor, since: now }
    case 'taken': {
      if (now - state.since < cooldownMs) return state
      if (!corners) return INITIAL_STEADY
      if (state.anchor && quadShift(corners, state.anchor, aspect) <= newPageShift) return state
      return { phase: 'holding', anchor: corners, since: now }
    }
    case 'holding': {
      if (!corners) return INITIAL_STEADY
      if (!state.anchor || quadShift(corners, state.anchor, aspect) > tolerance) return { phase: 'holding', anchor: corners, since: now }
      return now - state.since >= holdMs ? { phase: 'capture', anchor: state.anchor, since: now } : state
    }
    case 'searching':
      return corners ? { phase: 'holding', anchor: corners, since: now } : state
  }
}
