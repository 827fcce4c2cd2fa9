import { describe, expect, it } from 'vitest'
import { memoryBudgetBytes, readDeviceMemoryGb } from '@/lib/memoryBudget'
import { accountBytes, formatRatio, memoryLevel, memoryRatio, normaliseThresholds } from '@/lib/memoryLevel'

const MB = 1024 * 1024
const thresholds = { gc_threshold: 0.8, force_cleanup_threshold: 0.9 }

describe('memoryLevel', () => {
  it('is ok below gc_threshold, warning from it, critical from force_cleanup_threshold', () => {
    expect(memoryLevel(0, thresholds)).toBe('ok')
    expect(memoryLevel(0.799, thresholds)).toBe('ok')
    expect(memoryLevel(0.8, thresholds)).toBe('warning')
    expect(memoryLevel(0.899, thresholds)).toBe('warning')
    expect(memoryLevel(0.9, thresholds)).toBe('critical')
    expect(memoryLevel(1.4, thresholds)).toBe('critical')
  })

  it('follows thresholds from the server', () => {
    expect(memoryLevel(0.55, { gc_threshold: 0.5, force_cleanup_threshold: 0.7 })).toBe('warning')
    expect(memoryLevel(0.75, { gc_threshold: 0.5, force_cleanup_threshold: 0.7 })).toBe('critical')
  })

  it('falls back to defaults for nonsensical thresholds and never warns above the cleanup threshold', () => {
    expect(normaliseThresholds({ gc_threshold: -1, force_cleanup_threshold: Number.NaN })).toEqual(thresholds)
    expect(normaliseThresholds({ gc_threshold: 0.95, force_cleanup_threshold: 0.85 })).toEqual({
      gc_threshold: 0.85,
      force_cleanup_threshold: 0.85,
    })
    expect(normaliseThresholds({ gc_threshold: 2, force_cleanup_threshold: 0.6 })).toEqual({
      gc_threshold: 0.6,
      force_cleanup_threshold: 0.6,
    })
    expect(memoryLevel(0.85, { gc_threshold: 0, force_cleanup_threshold: 0 })).toBe('warning')
  })
})

describe('memoryRatio', () => {
  it('takes the heap ratio when it is higher than the account', () => {
    const r = memoryRatio({ heapUsed: 850 * MB, heapLimit: 1000 * MB, accountBytes: 100 * MB, budgetBytes: 1000 * MB })
    expect(r).toEqual({ ratio: 0.85, heapRatio: 0.85, accountRatio: 0.1, source: 'heap' })
  })

  it('takes the account when images outside the JS heap fill the budget while the heap looks empty', () => {
    const r = memoryRatio({ heapUsed: 5 * MB, heapLimit: 4096 * MB, accountBytes: 1900 * MB, budgetBytes: 2000 * MB })
    expect(r.source).toBe('account')
    expect(r.ratio).toBeCloseTo(0.95)
    expect(r.heapRatio).toBeCloseTo(5 / 4096)
  })

  it('uses the account alone where performance.memory is missing', () => {
    const r = memoryRatio({ heapUsed: null, heapLimit: null, accountBytes: 512 * MB, budgetBytes: 1024 * MB })
    expect(r).toEqual({ ratio: 0.5, heapRatio: null, accountRatio: 0.5, source: 'account' })
  })
})

describe('accountBytes', () => {
  it('adds held Blobs, object URL Blobs and 4 bytes per decoding pixel', () => {
    expect(accountBytes({ heldBlobBytes: 1000, objectUrlBytes: 500, decodingPixels: 12_000_000 })).toBe(1500 + 48_000_000)
  })

  it('ignores negative and non-finite parts', () => {
    expect(accountBytes({ heldBlobBytes: -5, objectUrlBytes: Number.NaN, decodingPixels: 10 })).toBe(40)
  })
})

describe('memoryBudgetBytes', () => {
  it('is max_memory_mb without navigator.deviceMemory', () => {
    expect(memoryBudgetBytes(2048, null)).toBe(2048 * MB)
  })

  it('is a quarter of the device memory when that is smaller', () => {
    expect(memoryBudgetBytes(2048, 4)).toBe(1024 * MB)
    expect(memoryBudgetBytes(2048, 2)).toBe(512 * MB)
    expect(memoryBudgetBytes(2048, 0.5)).toBe(128 * MB)
  })

  it('keeps max_memory_mb when the device has plenty', () => {
    expect(memoryBudgetBytes(1024, 8)).toBe(1024 * MB)
  })

  it('falls back to the default budget for a missing or bad max_memory_mb', () => {
    expect(memoryBudgetBytes(0, null)).toBe(2048 * MB)
    expect(memoryBudgetBytes(Number.NaN, 8)).toBe(2048 * MB)
  })

  it('reads navigator.deviceMemory only when it is a positive number', () => {
    expect(readDeviceMemoryGb({ deviceMemory: 4 } as unknown as Navigator)).toBe(4)
    expect(readDeviceMemoryGb({} as Navigator)).toBeNull()
    expect(readDeviceMemoryGb({ deviceMemory: 'lots' } as unknown as Navigator)).toBeNull()
  })
})

describe('formatting', () => {
  it('shows ratios as whole percent, rounded down', () => {
    expect(formatRatio(0.93)).toBe('93 %')
    expect(formatRatio(0.29)).toBe('29 %')
    expect(formatRatio(0.999)).toBe('99 %')
    expect(formatRatio(1.2)).toBe('120 %')
  })
})
