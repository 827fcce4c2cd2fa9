import { describe, expect, it } from 'vitest'
import { INITIAL_STEADY, nextSteady, quadShift, type SteadyState } from '@/lib/camera/steadyOutline'
import type { Quad } from '@/lib/document/geometry'

const ASPECT = 4 / 3

/** A quad at the normalised rectangle (x0, y0)–(x1, y1), shifted right by `dx` of the width. */
function rect(x0: number, y0: number, x1: number, y1: number, dx = 0): Quad {
  return [
    { x: x0 + dx, y: y0 },
    { x: x1 + dx, y: y0 },
    { x: x1 + dx, y: y1 },
    { x: x0 + dx, y: y1 },
  ]
}

const PAGE = rect(0.3, 0.1, 0.7, 0.9)
// 0.5 % of the width jitter is 0.4 % of a 4:3 diagonal: still; 5 % of the width is 4 %: moved.
const JITTER = rect(0.3, 0.1, 0.7, 0.9, 0.005)
const MOVED = rect(0.3, 0.1, 0.7, 0.9, 0.05)

/** Feeds frames every `stepMs` from time 0 and returns the phase after each. */
function run(frames: (Quad | null)[], stepMs = 250, start: SteadyState = INITIAL_STEADY): { phases: string[]; state: SteadyState } {
  let state = start
  const phases: string[] = []
  frames.forEach((corners, i) => {
    state = nextSteady(state, corners, i * stepMs, ASPECT)
    phases.push(state.phase)
  })
  return { phases, state }
}

describe('quadShift', () => {
  it('is the largest corner movement as a share of the frame diagonal, in the frame’s own proportions', () => {
    expect(quadShift(PAGE, PAGE, ASPECT)).toBe(0)
    // 0.05 of the width of a 4:3 frame is 0.05 × 4/3 ÷ 5/3 = 0.04 of the diagonal.
    expect(quadShift(PAGE, MOVED, ASPECT)).toBeCloseTo(0.04, 10)
  })
})

describe('nextSteady', () => {
  it('takes the photo once the outline has held still for a second, through small jitter', () => {
    const { phases } = run([PAGE, JITTER, PAGE, JITTER, PAGE, JITTER])
    // Hold begins at 0 ms; 1000 ms later (the fifth frame) it fires, then it is taken.
    expect(phases).toEqual(['holding', 'holding', 'holding', 'holding', 'capture', 'taken'])
  })

  it('starts the hold again when the outline moves, and gives up when it is lost', () => {
    expect(run([PAGE, PAGE, PAGE, MOVED, MOVED, MOVED, MOVED]).phases).toEqual([
      'holding',
      'holding',
      'holding',
      'holding',
      'holding',
      'holding',
      'holding',
    ])
    expect(run([PAGE, PAGE, PAGE, MOVED, MOVED, MOVED, MOVED, MOVED]).phases.at(-1)).toBe('capture')
    expect(run([PAGE, PAGE, PAGE, null, PAGE, PAGE, PAGE, PAGE]).phases).toEqual([
      'holding',
      'holding',
      'holding',
      'searching',
      'holding',
      'holding',
      'holding',
      'holding',
    ])
  })

  it('measures the hold from where it began, so a slow drift does not count as still', () => {
    const drift = Array.from({ length: 12 }, (_, i) => rect(0.3, 0.1, 0.7, 0.9, i * 0.01))
    expect(run(drift).phases).not.toContain('capture')
  })

  it('never takes the same still page twice, and takes the next page once this one is gone', () => {
    const still = Array.from({ length: 30 }, () => PAGE)
    const { phases } = run(still)
    expect(phases.filter((phase) => phase === 'capture')).toHaveLength(1)
    expect(phases.at(-1)).toBe('taken')

    // The page is lifted away (no outline) after the cool-down, and the next one laid down.
    const next = run([PAGE, PAGE, PAGE, PAGE, PAGE, PAGE, PAGE, PAGE, PAGE, PAGE, PAGE, null, PAGE, PAGE, PAGE, PAGE, PAGE])
    expect(next.phases.filter((phase) => phase === 'capture')).toHaveLength(2)
  })

  it('waits out the cool-down even when the next page comes at once', () => {
    const taken: SteadyState = { phase: 'taken', anchor: PAGE, since: 0 }
    const other = rect(0.1, 0.1, 0.5, 0.9)
    expect(nextSteady(taken, other, 1000, ASPECT).phase).toBe('taken')
    expect(nextSteady(taken, null, 1000, ASPECT).phase).toBe('taken')
    expect(nextSteady(taken, other, 1600, ASPECT)).toEqual({ phase: 'holding', anchor: other, since: 1600 })
    expect(nextSteady(taken, null, 1600, ASPECT)).toEqual(INITIAL_STEADY)
  })
})
