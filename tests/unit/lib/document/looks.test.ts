import { describe, expect, it } from 'vitest'
import { applyLook, isPageLook } from '@/lib/document/looks'
import type { RgbaImage } from '@/lib/document/raster'

/** Warm paper (230, 215, 190) darkening towards the right (a shadow), with dark-grey print on every 10th row. */
function shadedPage(width = 300, height = 200): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const light = 1 - 0.5 * (x / width)
      const print = y % 10 === 5 && x % 7 < 4
      const o = (y * width + x) * 4
      data[o] = (print ? 60 : 230) * light
      data[o + 1] = (print ? 60 : 215) * light
      data[o + 2] = (print ? 60 : 190) * light
      data[o + 3] = 255
    }
  }
  return { width, height, data }
}

const pixel = (image: RgbaImage, x: number, y: number) =>
  Array.from(image.data.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 3))

describe('applyLook', () => {
  it('leaves the original as it was', () => {
    const page = shadedPage()
    const before = page.data.slice()
    applyLook(page, 'original')
    expect(page.data.every((v, i) => v === before[i])).toBe(true)
  })

  it('makes warm, shaded paper white on both sides of the shadow and keeps print dark (Document)', () => {
    const page = applyLook(shadedPage(), 'document')
    for (const x of [10, 280]) {
      for (const v of pixel(page, x, 2)) expect(v).toBeGreaterThanOrEqual(245)
      // Print stays clearly darker than paper.
      expect(pixel(page, x - (x % 7), 5)[0]).toBeLessThan(120)
    }
  })

  it('leaves only pure black and white, print black (Black and white)', () => {
    const page = applyLook(shadedPage(), 'bw')
    const values = new Set(page.data.filter((_, i) => i % 4 !== 3))
    expect([...values].sort()).toEqual([0, 255])
    expect(pixel(page, 280, 5)).toEqual([0, 0, 0])
    expect(pixel(page, 280, 2)).toEqual([255, 255, 255])
  })

  it('knows its own names', () => {
    expect(isPageLook('bw')).toBe(true)
    expect(isPageLook('sepia')).toBe(false)
  })
})
