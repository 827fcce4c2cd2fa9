import { afterEach, describe, expect, it, vi } from 'vitest'
import { toGrey } from '@/lib/document/raster'
import { PixelPool } from '@/workers/jobs/pixelPool'

afterEach(() => {
  vi.useRealTimers()
})

describe('PixelPool', () => {
  it('hands the next job the same buffer, grown only for a larger page', () => {
    const pool = new PixelPool(5000)
    const first = pool.take('page', 400)
    const smaller = pool.take('page', 100)
    expect(smaller.buffer).toBe(first.buffer)
    expect(smaller.length).toBe(100)
    const larger = pool.take('page', 800)
    expect(larger.buffer).not.toBe(first.buffer)
    expect(pool.take('page', 400).buffer).toBe(larger.buffer)
    expect(pool.take('grey', 100).buffer).not.toBe(larger.buffer)
    expect(pool.heldBytes).toBe(900)
  })

  it('keeps its buffers through a burst of jobs and drops them once idle', () => {
    vi.useFakeTimers()
    const pool = new PixelPool(5000)
    const first = pool.take('page', 400)
    pool.rest()
    vi.advanceTimersByTime(4000)
    expect(pool.take('page', 400).buffer).toBe(first.buffer)
    pool.rest()
    vi.advanceTimersByTime(5000)
    expect(pool.heldBytes).toBe(0)
    expect(pool.take('page', 400).buffer).not.toBe(first.buffer)
  })

  it('gives a grey made in a dirty reused buffer equal to a fresh one', () => {
    const pool = new PixelPool(5000)
    const rgba = {
      width: 3,
      height: 2,
      data: new Uint8ClampedArray([10, 20, 30, 255, 200, 100, 0, 255, 0, 0, 0, 255, 255, 255, 255, 255, 1, 2, 3, 255, 90, 90, 90, 255]),
    }
    const reused = pool.take('grey', 64).fill(9)
    const grey = toGrey(rgba, new Uint8Array(reused.buffer, 0, 6))
    expect(Array.from(grey.data)).toEqual(Array.from(toGrey(rgba).data))
  })
})
