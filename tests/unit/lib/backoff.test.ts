import { describe, expect, it } from 'vitest'
import { backoffDelay, MAX_RETRY_AFTER_MS, retryDelay } from '@/lib/backoff'

const top = () => 0.999999
const bottom = () => 0

describe('backoffDelay (full jitter)', () => {
  it('doubles the ceiling with every attempt', () => {
    expect(backoffDelay(0, { baseMs: 1000, random: top })).toBe(999)
    expect(backoffDelay(1, { baseMs: 1000, random: top })).toBe(1999)
    expect(backoffDelay(3, { baseMs: 1000, random: top })).toBe(7999)
  })

  it('draws anywhere between 0 and the ceiling', () => {
    expect(backoffDelay(3, { baseMs: 1000, random: bottom })).toBe(0)
    expect(backoffDelay(3, { baseMs: 1000, random: () => 0.5 })).toBe(4000)
  })

  it('never exceeds the cap, even for huge attempt counts', () => {
    expect(backoffDelay(10, { baseMs: 1000, capMs: 30_000, random: top })).toBe(29_999)
    expect(backoffDelay(5000, { baseMs: 1000, capMs: 30_000, random: top })).toBe(29_999)
  })

  it('spreads real random draws within bounds', () => {
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(2, { baseMs: 100 })
      expect(d).toBeGreaterThanOrEqual(0)
      expect(d).toBeLessThan(400)
    }
  })

  it('rejects a negative or fractional attempt', () => {
    expect(() => backoffDelay(-1)).toThrow(RangeError)
    expect(() => backoffDelay(0.5)).toThrow(RangeError)
  })
})

describe('retryDelay', () => {
  it('waits at least as long as Retry-After asks', () => {
    expect(retryDelay(0, 7, { baseMs: 1000, random: bottom })).toBe(7000)
  })

  it('keeps the longer jittered wait when Retry-After is short', () => {
    expect(retryDelay(4, 1, { baseMs: 1000, random: () => 0.5 })).toBe(8000)
  })

  it('ignores a missing or nonsense Retry-After', () => {
    expect(retryDelay(1, null, { baseMs: 1000, random: () => 0.5 })).toBe(1000)
    expect(retryDelay(1, Number.NaN, { baseMs: 1000, random: () => 0.5 })).toBe(1000)
    expect(retryDelay(1, -3, { baseMs: 1000, random: () => 0.5 })).toBe(1000)
  })

  it('bounds an absurd Retry-After', () => {
    expect(retryDelay(0, 86_400, { random: bottom })).toBe(MAX_RETRY_AFTER_MS)
  })
})
