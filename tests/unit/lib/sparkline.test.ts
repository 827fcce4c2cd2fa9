import { describe, expect, it } from 'vitest'
import { samplesInWindow, sparkline, summarise, toPath } from '@/lib/sparkline'

const MINUTE = 60_000
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0)

describe('sparkline', () => {
  it('runs time left to right over the window and values bottom to top', () => {
    const samples = [
      { at: T0, value: 0 },
      { at: T0 + 5 * MINUTE, value: 50 },
      { at: T0 + 10 * MINUTE, value: 100 },
    ]
    const chart = sparkline(samples, { width: 200, height: 40, windowMs: 10 * MINUTE })
    expect(chart.points).toEqual([
      { x: 0, y: 40 },
      { x: 100, y: 20 },
      { x: 200, y: 0 },
    ])
    expect(chart.path).toBe('M0,40L100,20L200,0')
    expect(chart).toMatchObject({ min: 0, max: 100 })
  })

  it('scales to a given ceiling such as the heap limit, clamping values above it', () => {
    const samples = [
      { at: T0, value: 25 },
      { at: T0 + MINUTE, value: 150 },
    ]
    const chart = sparkline(samples, { width: 100, height: 100, windowMs: MINUTE, max: 100 })
    expect(chart.points.map((p) => p.y)).toEqual([75, 0])
  })

  it('leaves out samples older than the window and ends at the given time', () => {
    const samples = [
      { at: T0 - 11 * MINUTE, value: 999 },
      { at: T0 - 5 * MINUTE, value: 10 },
      { at: T0, value: 20 },
    ]
    const chart = sparkline(samples, { width: 100, height: 10, windowMs: 10 * MINUTE, end: T0 + 5 * MINUTE })
    // The 999 is gone, so the axis tops out at 20, and the newest sample sits halfway, not at the right edge.
    expect(chart.max).toBe(20)
    expect(chart.points).toEqual([
      { x: 0, y: 5 },
      { x: 50, y: 0 },
    ])
  })

  it('sorts samples that arrive out of order', () => {
    const chart = sparkline(
      [
        { at: T0 + MINUTE, value: 10 },
        { at: T0, value: 0 },
      ],
      { width: 10, height: 10, windowMs: MINUTE },
    )
    expect(chart.path).toBe('M0,10L10,0')
  })

  it('draws a single sample as a short flat line so it shows', () => {
    const chart = sparkline([{ at: T0, value: 5 }], { width: 100, height: 10, windowMs: MINUTE })
    expect(chart.points).toEqual([
      { x: 98, y: 0 },
      { x: 100, y: 0 },
    ])
  })

  it('keeps an all-zero history on the bottom edge instead of dividing by zero', () => {
    const chart = sparkline(
      [
        { at: T0, value: 0 },
        { at: T0 + MINUTE, value: 0 },
      ],
      { width: 10, height: 10, windowMs: MINUTE },
    )
    expect(chart.path).toBe('M0,10L10,10')
  })

  it('draws nothing for no samples, and ignores readings that are not numbers', () => {
    expect(sparkline([], { width: 10, height: 10, windowMs: MINUTE }).path).toBe('')
    expect(sparkline([{ at: T0, value: Number.NaN }], { width: 10, height: 10, windowMs: MINUTE }).points).toEqual([])
  })
})

describe('samplesInWindow', () => {
  it('keeps the window’s samples oldest first', () => {
    const kept = samplesInWindow(
      [
        { at: T0 + 2, value: 2 },
        { at: T0, value: 0 },
        { at: T0 + 1, value: 1 },
      ],
      1,
    )
    expect(kept.map((s) => s.value)).toEqual([1, 2])
  })
})

describe('summarise', () => {
  it('gives the lowest, highest and latest value in the window', () => {
    const samples = [
      { at: T0, value: 30 },
      { at: T0 + MINUTE, value: 10 },
      { at: T0 + 2 * MINUTE, value: 20 },
    ]
    expect(summarise(samples, 10 * MINUTE)).toEqual({ count: 3, lowest: 10, highest: 30, latest: 20 })
    expect(summarise([], 10 * MINUTE)).toBeNull()
  })
})

describe('toPath', () => {
  it('moves to the first point and draws lines to the rest', () => {
    expect(toPath([{ x: 1, y: 2 }])).toBe('M1,2')
    expect(toPath([])).toBe('')
  })
})
