import { describe, expect, it } from 'vitest'
import { blackAndWhite, documentComposites, documentLevel, isPageLook, paperCells, type PaperCells } from '@/lib/document/looks'
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

/** The page as the worker's two halvings make it: each pixel the mean of a 4×4 block. */
function blockMeans(image: RgbaImage, block: number): RgbaImage {
  const width = Math.ceil(image.width / block)
  const height = Math.ceil(image.height / block)
  const data = new Uint8ClampedArray(width * height * 4)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let k = 0; k < 4; k++) {
        let sum = 0
        let n = 0
        for (let dy = 0; dy < block && y * block + dy < image.height; dy++) {
          for (let dx = 0; dx < block && x * block + dx < image.width; dx++, n++) {
            sum += image.data[((y * block + dy) * image.width + x * block + dx) * 4 + k]!
          }
        }
        data[(y * width + x) * 4 + k] = Math.round(sum / n)
      }
    }
  }
  return { width, height, data }
}

const cellColour = (cells: PaperCells, x: number, y: number) => {
  const i = (Math.floor(y / cells.cell) * cells.columns + Math.floor(x / cells.cell)) * 3
  return Array.from(cells.colours.subarray(i, i + 3)).map(Math.round)
}

describe('paperCells', () => {
  it("finds the warm paper's own colour on both sides of the shadow, not the print's", () => {
    const page = shadedPage()
    const cells = paperCells(blockMeans(page, 4), 4, page)
    expect(cells.cell).toBe(8)
    expect([cells.columns, cells.rows]).toEqual([38, 25])
    // Near the left edge the paper is at full light; at the right it is in a shadow of ~0.55.
    for (const [x, light] of [
      [4, 1],
      [292, 0.55],
    ] as const) {
      const [r, g, b] = cellColour(cells, x, 100)
      expect(r).toBeGreaterThan(230 * light - 12)
      expect(r).toBeLessThanOrEqual(230 * light + 2)
      expect(g! / r!).toBeCloseTo(215 / 230, 1)
      expect(b! / r!).toBeCloseTo(190 / 230, 1)
    }
  })

  it('lets a cell filled by a dark logo borrow its neighbours’ paper', () => {
    const page = shadedPage()
    for (let y = 80; y < 96; y++) for (let x = 80; x < 96; x++) page.data.set([20, 20, 20], (y * page.width + x) * 4)
    const cells = paperCells(blockMeans(page, 4), 4, page)
    expect(cellColour(cells, 84, 84)[0]).toBeGreaterThan(180)
  })
})

describe('documentLevel', () => {
  it('makes paper white and keeps print dark, whatever the light on the paper', () => {
    for (const light of [1, 0.5]) {
      expect(documentLevel(230 * light, 230 * light)).toBe(255)
      expect(documentLevel(60 * light, 230 * light)).toBeLessThan(80)
    }
    // A value at 12 % of its paper or below is black.
    expect(documentLevel(24, 200)).toBe(0)
  })

  it('does not divide near-black paper up to white', () => {
    expect(documentLevel(10, 10)).toBeLessThan(documentLevel(200, 200) / 2)
  })
})

describe('documentComposites', () => {
  it("gives the colour dodge 255 − paper × 0.88 per cell and the burn the stretch's level", () => {
    const page = shadedPage()
    const cells = paperCells(blockMeans(page, 4), 4, page)
    const { dodge, burn } = documentComposites(cells)
    expect([dodge.width, dodge.height]).toEqual([cells.columns, cells.rows])
    expect(dodge.data[0]).toBe(255 - Math.round(cells.colours[0]! * 0.88))
    expect(dodge.data[3]).toBe(255)
    // color-dodge then color-burn with these is documentLevel: v / (paper × 0.88), then 1 − (1 − q) / k.
    const paper = cells.colours[0]!
    for (const value of [40, 120, 200, paper]) {
      const q = Math.min(1, value / 255 / (1 - dodge.data[0]! / 255))
      const out = Math.max(0, 1 - (1 - q) / (burn / 255)) * 255
      expect(Math.abs(out - documentLevel(value, paper))).toBeLessThanOrEqual(2)
    }
  })
})

describe('blackAndWhite', () => {
  it('leaves only pure black and white, print black', () => {
    const page = shadedPage()
    // The page after the Document look: paper white, print dark grey.
    for (let i = 0; i < page.data.length; i += 4) page.data.fill(page.data[i]! < 100 ? 40 : 255, i, i + 3)
    blackAndWhite(page)
    const values = new Set(page.data.filter((_, i) => i % 4 !== 3))
    expect([...values].sort()).toEqual([0, 255])
    expect(Array.from(page.data.subarray((5 * 300 + 280) * 4, (5 * 300 + 280) * 4 + 3))).toEqual([0, 0, 0])
    expect(Array.from(page.data.subarray((2 * 300 + 280) * 4, (2 * 300 + 280) * 4 + 3))).toEqual([255, 255, 255])
  })
})

describe('isPageLook', () => {
  it('knows its own names', () => {
    expect(isPageLook('bw')).toBe(true)
    expect(isPageLook('sepia')).toBe(false)
  })
})
