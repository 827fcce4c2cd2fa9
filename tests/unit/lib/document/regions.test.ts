import { describe, expect, it } from 'vitest'
import type { GreyImage } from '@/lib/document/raster'
import { largestRegion, regionScratch } from '@/lib/document/regions'

/** A grey image from rows of characters: `#` is bright (200), anything else dark (20). */
function mask(rows: string[]): GreyImage {
  const width = rows[0]!.length
  const data = new Uint8Array(width * rows.length)
  rows.forEach((row, y) => [...row].forEach((c, x) => (data[y * width + x] = c === '#' ? 200 : 20)))
  return { width, height: rows.length, data }
}

const regionOf = (image: GreyImage, minFraction = 0) => largestRegion(image, 128, regionScratch(image.width, image.height), minFraction)

describe('largestRegion', () => {
  it('joins runs that meet only further down (a U), as one region', () => {
    const u = mask(['#....#..', '#....#..', '#....#..', '######..', '........'])
    // 3 + 3 + 6 bright pixels: the two arms and the bottom that joins them. A region found row by row
    // that did not merge the arms would count 3 or 9.
    expect(regionOf(u)?.count).toBe(12)
  })

  it('picks the larger of two regions, and the first in reading order between equal ones', () => {
    const two = mask(['##....###', '##....###', '.........', '.........'])
    expect(regionOf(two)?.count).toBe(6)
    const equal = mask(['....##', '....##', '##....', '##....'])
    // Both hold 4 pixels; the one reached first reading row by row is the upper right one.
    expect(Math.min(...regionOf(equal)!.quad.map((p) => p.x))).toBe(4)
  })

  it('does not join pixels that touch only at a corner (4-connected)', () => {
    const diagonal = mask(['##..', '##..', '..##', '..##'])
    expect(regionOf(diagonal)?.count).toBe(4)
  })

  it('measures a filled rectangle as a quadrilateral with the image its own corners', () => {
    const region = regionOf(mask(['######', '######', '######']))!
    expect(region.count).toBe(18)
    expect(region.quadness).toBeCloseTo(1)
    expect(region.areaFraction).toBeCloseTo(1)
  })

  it('is null when the largest region is below the smallest share that matters', () => {
    expect(regionOf(mask(['#.....', '......', '......']), 0.1)).toBeNull()
  })
})
