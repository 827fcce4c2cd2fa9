import { describe, expect, it } from 'vitest'
import type { GreyImage } from '@/lib/document/raster'
import { findRuns, largestRegion, largestRegionAt, regionScratch } from '@/lib/document/regions'

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

  it('counts the pixels of the rows spans, holes in them included (what tells the detector a region spans every row)', () => {
    // Row spans 6 + 6 + 6 with a hole of 2 in the middle row: 16 pixels, spans of 18, the whole image.
    const holed = regionOf(mask(['######', '##..##', '######']))!
    expect([holed.count, holed.spanArea]).toEqual([16, 18])
    // A row that stops short of the right edge: its span is 4, not 6.
    expect(regionOf(mask(['######', '####..', '######']))!.spanArea).toBe(16)
  })

  it('is null when the largest region is below the smallest share that matters', () => {
    expect(regionOf(mask(['#.....', '......', '......']), 0.1)).toBeNull()
  })
})

describe('findRuns', () => {
  /** Every run of pixels ≥ threshold, row by row, as a scan at that one threshold finds them. */
  function runsAt(image: GreyImage, threshold: number): string[] {
    const found: string[] = []
    for (let y = 0; y < image.height; y++) {
      for (let x = 0; x < image.width; x++) {
        if (image.data[y * image.width + x]! < threshold) continue
        const from = x
        while (x < image.width && image.data[y * image.width + x]! >= threshold) x++
        found.push(`${y}:${from}-${x}`)
      }
    }
    return found
  }

  /** Smooth ramps with noise and sharp steps, so runs at neighbouring thresholds nest and split. */
  function noisyRamps(): GreyImage {
    let seed = 7
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const width = 37
    const height = 23
    const data = new Uint8Array(width * height)
    for (let i = 0; i < data.length; i++) data[i] = Math.min(255, Math.floor((i % width) * 5 + next() * 80 + (next() < 0.1 ? 120 : 0)))
    return { width, height, data }
  }
  const thresholds = [0, 30, 31, 100, 128, 200, 255]

  function expectRunsOfEveryThreshold(image: GreyImage, runs: ReturnType<typeof findRuns>): void {
    thresholds.forEach((threshold, k) => {
      const found: string[] = []
      for (let r = runs.first[k]!; r < runs.first[k + 1]!; r++) found.push(`${runs.row[r]}:${runs.start[r]}-${runs.end[r]}`)
      expect(found).toEqual(runsAt(image, threshold))
    })
  }

  it('finds at every threshold at once the runs a scan at each threshold finds, in raster order', () => {
    const image = noisyRamps()
    expectRunsOfEveryThreshold(image, findRuns(image, thresholds))
  })

  it('writes the runs into the memory it is lent, over what was there, and finds the same runs', () => {
    const image = noisyRamps()
    const lent = new ArrayBuffer(64 * 1024)
    new Uint8Array(lent).fill(0xab)
    const asked: number[] = []
    const runs = findRuns(image, thresholds, (bytes) => {
      asked.push(bytes)
      return lent
    })
    expect(runs.start.buffer).toBe(lent)
    expect(runs.row.buffer).toBe(lent)
    // Start, end and row: two bytes each a run.
    expect(asked).toEqual([runs.first[thresholds.length]! * 6])
    expectRunsOfEveryThreshold(image, runs)
  })

  it('gives largestRegionAt the same region as largestRegion at that threshold', () => {
    const image = mask(['##.#####', '##.#...#', '####.#.#', '......##'])
    image.data[3] = 150
    const runs = findRuns(image, [100, 160])
    const scratch = regionScratch(image.width, image.height)
    expect(largestRegionAt(runs, 0, scratch, 0)).toEqual(largestRegion(image, 100, scratch, 0))
    expect(largestRegionAt(runs, 1, scratch, 0)).toEqual(largestRegion(image, 160, scratch, 0))
  })

  it('measures each threshold as a fresh scratch would, whichever thresholds came before on the same one', () => {
    // Thresholds 60 and 90 give the same spans (the outline is kept), 150 and 210 others.
    const image = mask(['..####..', '.######.', '########', '.######.'])
    image.data[9] = 180
    image.data[18] = 120
    const thresholds = [60, 90, 150, 210]
    const runs = findRuns(image, thresholds)
    const shared = regionScratch(image.width, image.height)
    for (const level of [0, 1, 2, 1, 3, 3, 0]) {
      const fresh = largestRegionAt(runs, level, regionScratch(image.width, image.height), 0)
      expect(largestRegionAt(runs, level, shared, 0)).toEqual(fresh)
    }
  })
})
