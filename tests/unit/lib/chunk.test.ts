import { describe, expect, it } from 'vitest'
import { batchCount, batchRange, chunk } from '@/lib/chunk'

describe('chunk', () => {
  it('cuts 230 lines into batches of 50 with a short last one, keeping order', () => {
    const lines = Array.from({ length: 230 }, (_, i) => i)
    const batches = chunk(lines, 50)
    expect(batches.map((b) => b.length)).toEqual([50, 50, 50, 50, 30])
    expect(batches.flat()).toEqual(lines)
    expect(batches[1]?.[0]).toBe(50)
  })

  it('gives no batches for no items and one batch when they fit', () => {
    expect(chunk([], 50)).toEqual([])
    expect(chunk(['a', 'b'], 50)).toEqual([['a', 'b']])
    expect(chunk([1, 2, 3, 4], 2)).toEqual([
      [1, 2],
      [3, 4],
    ])
  })

  it('refuses a batch size that is not a whole number ≥ 1', () => {
    expect(() => chunk([1], 0)).toThrow(/at least 1/)
    expect(() => chunk([1], 2.5)).toThrow(RangeError)
    expect(() => batchCount(10, -1)).toThrow(RangeError)
  })
})

describe('batchCount and batchRange', () => {
  it('count batches, with at least one', () => {
    expect(batchCount(230, 50)).toBe(5)
    expect(batchCount(250, 50)).toBe(5)
    expect(batchCount(251, 50)).toBe(6)
    expect(batchCount(0, 50)).toBe(1)
  })

  it('give the 1-based line range a batch carries', () => {
    expect(batchRange(0, 50, 230)).toEqual({ from: 1, to: 50 })
    expect(batchRange(1, 50, 230)).toEqual({ from: 51, to: 100 })
    expect(batchRange(4, 50, 230)).toEqual({ from: 201, to: 230 })
  })
})
