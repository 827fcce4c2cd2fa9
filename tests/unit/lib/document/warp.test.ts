import { describe, expect, it } from 'vitest'
import type { Quad } from '@/lib/document/geometry'
import type { RgbaImage } from '@/lib/document/raster'
import { warpPerspective } from '@/lib/document/warp'

/** A 100×100 image: left half black, right half white. */
function halves(): RgbaImage {
  const data = new Uint8ClampedArray(100 * 100 * 4)
  for (let y = 0; y < 100; y++) for (let x = 0; x < 100; x++) data.fill(x < 50 ? 0 : 255, (y * 100 + x) * 4, (y * 100 + x) * 4 + 4)
  return { width: 100, height: 100, data }
}

const at = (image: RgbaImage, x: number, y: number) => image.data[(y * image.width + x) * 4]!

describe('warpPerspective', () => {
  it('cuts out the right half as its own page', () => {
    const right: Quad = [
      { x: 50, y: 0 },
      { x: 100, y: 0 },
      { x: 100, y: 100 },
      { x: 50, y: 100 },
    ]
    const page = warpPerspective(halves(), right, { width: 25, height: 50 })
    expect([page.width, page.height]).toEqual([25, 50])
    expect(Math.min(...Array.from(page.data))).toBe(255)
  })

  it('turns a page photographed upside down the right way up', () => {
    const upsideDown: Quad = [
      { x: 100, y: 100 },
      { x: 0, y: 100 },
      { x: 0, y: 0 },
      { x: 100, y: 0 },
    ]
    const page = warpPerspective(halves(), upsideDown, { width: 100, height: 100 })
    expect(at(page, 10, 50)).toBe(255)
    expect(at(page, 90, 50)).toBe(0)
  })

  it('blends across an edge instead of stepping (bilinear) and fills outside the photo with white', () => {
    const wider: Quad = [
      { x: -50, y: 0 },
      { x: 100, y: 0 },
      { x: 100, y: 100 },
      { x: -50, y: 100 },
    ]
    const page = warpPerspective(halves(), wider, { width: 300, height: 10 })
    expect(at(page, 10, 5)).toBe(255)
    expect(at(page, 150, 5)).toBe(0)
    const edge = Array.from({ length: 20 }, (_, i) => at(page, 190 + i, 5))
    expect(edge.some((v) => v > 0 && v < 255)).toBe(true)
  })

  it('gives the same page into a reused buffer that still holds a larger page from before', () => {
    const tilted: Quad = [
      { x: 10, y: 5 },
      { x: 90, y: 12 },
      { x: 85, y: 95 },
      { x: 3, y: 80 },
    ]
    const fresh = warpPerspective(halves(), tilted, { width: 40, height: 45 })
    const reused = new Uint8ClampedArray(100 * 100 * 4).fill(7)
    const page = warpPerspective(halves(), tilted, { width: 40, height: 45 }, reused)
    expect(page.data.buffer).toBe(reused.buffer)
    expect(Array.from(page.data)).toEqual(Array.from(fresh.data))
    expect(() => warpPerspective(halves(), tilted, { width: 40, height: 45 }, new Uint8ClampedArray(10))).toThrow(RangeError)
  })
})
