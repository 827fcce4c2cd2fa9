import { describe, expect, it } from 'vitest'
import { fitLongSide, jpegDecodeSize, orientedSize, planDecode, smoothingFor } from '@/lib/decodeTarget'

describe('planDecode', () => {
  it('asks for 4/8 of a 4032×3024 photo (2016×1512), not the 3/8 Chromium picks for exactly 2000×1500', () => {
    const plan = planDecode({ width: 4032, height: 3024 }, 2000)
    expect(plan.target).toEqual({ width: 2000, height: 1500 })
    expect(plan.decode).toEqual({ width: 2016, height: 1512 })
    expect(plan.needsResize).toBe(true)
  })

  it('does the same for a portrait photo', () => {
    const plan = planDecode({ width: 3024, height: 4032 }, 2000)
    expect(plan.target).toEqual({ width: 1500, height: 2000 })
    expect(plan.decode).toEqual({ width: 1512, height: 2016 })
  })

  it('asks for the exact eighth when the target is one (4000×3000 → 2000×1500, 8000×6000 → 2/8)', () => {
    expect(planDecode({ width: 4000, height: 3000 }, 2000).decode).toEqual({ width: 2000, height: 1500 })
    expect(planDecode({ width: 8000, height: 6000 }, 2000).decode).toEqual({ width: 2000, height: 1500 })
  })

  it('leaves a photo that already fits alone', () => {
    expect(planDecode({ width: 640, height: 480 }, 2000)).toEqual({
      target: { width: 640, height: 480 },
      decode: { width: 640, height: 480 },
      needsResize: false,
    })
    expect(planDecode({ width: 2000, height: 1000 }, 2000).needsResize).toBe(false)
  })

  it('decodes at full size when no eighth below 8/8 covers the target', () => {
    // 7/8 of 2001 is 1751, short of 2000.
    expect(planDecode({ width: 2001, height: 1500 }, 2000).decode).toEqual({ width: 2001, height: 1500 })
  })

  it('respects a smaller max_page_px', () => {
    const plan = planDecode({ width: 4032, height: 3024 }, 1000)
    expect(plan.target).toEqual({ width: 1000, height: 750 })
    expect(plan.decode).toEqual({ width: 1008, height: 756 })
  })
})

describe('jpegDecodeSize', () => {
  it('rounds each side up as libjpeg does', () => {
    expect(jpegDecodeSize({ width: 4033, height: 3025 }, { width: 2000, height: 1500 })).toEqual({ width: 2017, height: 1513 })
  })

  it('always covers the target on both sides', () => {
    for (const [width, height] of [
      [4032, 3024],
      [8000, 6000],
      [9248, 6936],
      [2552, 3508],
      [896, 2316],
      [5000, 31],
    ] as const) {
      const target = fitLongSide({ width, height }, 320)
      const decode = jpegDecodeSize({ width, height }, target)
      expect(decode.width).toBeGreaterThanOrEqual(target.width)
      expect(decode.height).toBeGreaterThanOrEqual(target.height)
      // …and is the smallest eighth that does: one eighth less would not cover it.
      const n = Math.round((decode.width * 8) / width)
      if (n > 1) {
        const smaller = { width: Math.ceil((width * (n - 1)) / 8), height: Math.ceil((height * (n - 1)) / 8) }
        expect(smaller.width < target.width || smaller.height < target.height).toBe(true)
      }
    }
  })
})

describe('fitLongSide', () => {
  it('keeps the aspect ratio and never drops a side below 1 px', () => {
    expect(fitLongSide({ width: 2552, height: 3508 }, 2000)).toEqual({ width: 1455, height: 2000 })
    expect(fitLongSide({ width: 100_000, height: 10 }, 2000)).toEqual({ width: 2000, height: 1 })
  })

  it('never upscales', () => {
    expect(fitLongSide({ width: 1, height: 1 }, 2000)).toEqual({ width: 1, height: 1 })
  })

  it('refuses sizes that are not whole pixels', () => {
    expect(() => fitLongSide({ width: 0, height: 10 }, 2000)).toThrow(RangeError)
    expect(() => fitLongSide({ width: 10.5, height: 10 }, 2000)).toThrow(RangeError)
    expect(() => fitLongSide({ width: 10, height: 10 }, 0)).toThrow(RangeError)
  })
})

describe('orientedSize', () => {
  it('swaps width and height for EXIF orientations 5–8 only', () => {
    const size = { width: 4032, height: 3024 }
    expect(orientedSize(size, 6)).toEqual({ width: 3024, height: 4032 })
    expect(orientedSize(size, 8)).toEqual({ width: 3024, height: 4032 })
    expect(orientedSize(size, 1)).toEqual(size)
    expect(orientedSize(size, 3)).toEqual(size)
  })
})

describe('smoothingFor', () => {
  it('draws an n/8 decode to the page bilinearly: it is within 2× of the page', () => {
    expect(smoothingFor({ width: 2016, height: 1512 }, { width: 2000, height: 1500 })).toBe('low')
    expect(smoothingFor({ width: 1512, height: 2016 }, { width: 1500, height: 2000 })).toBe('low')
    expect(smoothingFor({ width: 4000, height: 3000 }, { width: 2000, height: 1500 })).toBe('low')
  })

  it('keeps the cubic filter for anything shrunk further, such as a thumbnail, or a full-size decode', () => {
    expect(smoothingFor({ width: 2000, height: 1500 }, { width: 320, height: 240 })).toBe('high')
    expect(smoothingFor({ width: 4032, height: 3024 }, { width: 2000, height: 1500 })).toBe('high')
    // One side over 2× is enough: a tall strip drawn down a long way.
    expect(smoothingFor({ width: 800, height: 6000 }, { width: 800, height: 2000 })).toBe('high')
  })
})
