import { describe, expect, it } from 'vitest'
import { formatBytes, formatMegabytes, formatPercent, NO_FIGURE } from '@/lib/formatBytes'

describe('formatBytes', () => {
  it('shows whole bytes below one kilobyte', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(1023)).toBe('1023 B')
  })

  it('steps up in binary units with one decimal', () => {
    expect(formatBytes(1024)).toBe('1.0 KB')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(12.3 * 1024 * 1024)).toBe('12.3 MB')
    expect(formatBytes(1.5 * 1024 ** 3)).toBe('1.5 GB')
    expect(formatBytes(2 * 1024 ** 4)).toBe('2.0 TB')
  })

  it('stays in terabytes past the largest unit', () => {
    expect(formatBytes(2048 * 1024 ** 4)).toBe('2048.0 TB')
  })

  it('takes the number of decimals asked for', () => {
    expect(formatBytes(1_234_567, 2)).toBe('1.18 MB')
    expect(formatBytes(1_234_567, 0)).toBe('1 MB')
  })

  it('signs differences, and does not sign a difference that rounds to zero', () => {
    expect(formatBytes(-2 * 1024 * 1024)).toBe('−2.0 MB')
    expect(formatBytes(-0.01)).toBe('0 B')
  })

  it('shows a dash for unknown figures instead of a misleading zero', () => {
    expect(formatBytes(null)).toBe(NO_FIGURE)
    expect(formatBytes(undefined)).toBe(NO_FIGURE)
    expect(formatBytes(Number.NaN)).toBe(NO_FIGURE)
    expect(formatBytes(Number.POSITIVE_INFINITY)).toBe(NO_FIGURE)
  })
})

describe('formatMegabytes', () => {
  it('shows the server’s MB figures in the same units', () => {
    expect(formatMegabytes(123.45)).toBe('123.5 MB')
    expect(formatMegabytes(0.5)).toBe('512.0 KB')
    expect(formatMegabytes(3072)).toBe('3.0 GB')
    expect(formatMegabytes(-4)).toBe('−4.0 MB')
    expect(formatMegabytes(null)).toBe(NO_FIGURE)
  })
})

describe('formatPercent', () => {
  it('rounds a ratio to a whole percentage', () => {
    expect(formatPercent(0.834)).toBe('83%')
    expect(formatPercent(0)).toBe('0%')
    expect(formatPercent(1.2)).toBe('120%')
    expect(formatPercent(undefined)).toBe(NO_FIGURE)
  })
})
