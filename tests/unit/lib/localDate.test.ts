import { describe, expect, it } from 'vitest'
import { localToday } from '@/lib/localDate'

describe('localToday', () => {
  it('is the local calendar date, zero-padded, not the UTC one', () => {
    expect(localToday(new Date(2026, 0, 5, 0, 30))).toBe('2026-01-05')
    expect(localToday(new Date(2026, 11, 31, 23, 59))).toBe('2026-12-31')
  })
})
