import { describe, expect, it } from 'vitest'
import { homography, project, rectQuad, type Point, type Quad } from '@/lib/document/geometry'
import { warpPatches, type AffineTransform } from '@/lib/document/warpPatches'

/** A receipt photographed at a steep angle: the far edge a third narrower than the near one. */
const steep: Quad = [
  { x: 700, y: 180 },
  { x: 1300, y: 200 },
  { x: 1600, y: 1400 },
  { x: 350, y: 1380 },
]
const size = { width: 520, height: 1850 }

/** Where a patch's transform takes a flat point back to in the photo (the transform inverted). */
function toPhoto([a, b, c, d, e, f]: AffineTransform, p: Point): Point {
  const det = a * d - b * c
  const x = p.x - e
  const y = p.y - f
  return { x: (d * x - c * y) / det, y: (-b * x + a * y) / det }
}

describe('warpPatches', () => {
  it('tiles the flat page exactly: every pixel in one patch, none outside', () => {
    const covered = new Uint8Array(size.width * size.height)
    for (const patch of warpPatches(steep, size)) {
      expect(Number.isInteger(patch.x) && Number.isInteger(patch.width)).toBe(true)
      for (let y = patch.y; y < patch.y + patch.height; y++) {
        for (let x = patch.x; x < patch.x + patch.width; x++) covered[y * size.width + x]!++
      }
    }
    expect(covered.every((n) => n === 1)).toBe(true)
  })

  it('draws every pixel within a quarter pixel of where the homography puts it', () => {
    const h = homography(rectQuad(size), steep)!
    let worst = 0
    for (const patch of warpPatches(steep, size)) {
      for (const [fx, fy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
        [0.5, 0.5],
        [0.3, 0.8],
      ]) {
        const p = { x: patch.x + fx! * patch.width, y: patch.y + fy! * patch.height }
        const exact = project(h, p)
        const drawn = toPhoto(patch.transform, p)
        worst = Math.max(worst, Math.hypot(exact.x - drawn.x, exact.y - drawn.y))
      }
    }
    expect(worst).toBeLessThanOrEqual(0.25)
  })

  it('needs one patch per 128 px cell for a page seen straight on', () => {
    const flat = { width: 1000, height: 700 }
    const patches = warpPatches(rectQuad({ width: 2000, height: 1400 }), flat)
    expect(patches).toHaveLength(8 * 6)
    expect(patches[0]!.transform.map((v) => Math.round(v * 1000) / 1000 + 0)).toEqual([0.5, 0, 0, 0.5, 0, 0])
  })

  it('refuses corners that make no quadrilateral', () => {
    const line: Quad = [
      { x: 0, y: 0 },
      { x: 10, y: 0 },
      { x: 20, y: 0 },
      { x: 30, y: 0 },
    ]
    expect(() => warpPatches(line, size)).toThrow(RangeError)
  })
})
