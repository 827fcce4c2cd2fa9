import { describe, expect, it } from 'vitest'
import {
  convexHull,
  flatSize,
  homography,
  isConvexQuad,
  largestQuadInHull,
  orderQuad,
  project,
  rectQuad,
  type Quad,
} from '@/lib/document/geometry'

const skewed: Quad = [
  { x: 10, y: 20 },
  { x: 300, y: 5 },
  { x: 320, y: 410 },
  { x: 0, y: 380 },
]

describe('homography', () => {
  it('maps each corner of a rectangle onto the matching corner of a skewed quad, and the centre inside', () => {
    const h = homography(rectQuad({ width: 200, height: 400 }), skewed)!
    rectQuad({ width: 200, height: 400 }).forEach((p, i) => {
      expect(project(h, p).x).toBeCloseTo(skewed[i]!.x, 6)
      expect(project(h, p).y).toBeCloseTo(skewed[i]!.y, 6)
    })
    const centre = project(h, { x: 100, y: 200 })
    expect(centre.x).toBeGreaterThan(100)
    expect(centre.x).toBeLessThan(220)
  })

  it('refuses corners that all lie on one line', () => {
    const line: Quad = [
      { x: 0, y: 0 },
      { x: 1, y: 1 },
      { x: 2, y: 2 },
      { x: 3, y: 3 },
    ]
    expect(homography(rectQuad({ width: 1, height: 1 }), line)).toBeNull()
  })
})

describe('orderQuad', () => {
  it('puts shuffled corners in screen order, top-left first', () => {
    const shuffled = [skewed[2], skewed[0], skewed[3], skewed[1]] as Quad
    expect(orderQuad(shuffled)).toEqual(skewed)
  })
})

describe('largestQuadInHull', () => {
  it('finds the four corners of a rectangle among its hull’s many edge points', () => {
    const points = []
    for (let x = 0; x <= 100; x += 5) points.push({ x, y: 0 }, { x, y: 60 })
    for (let y = 0; y <= 60; y += 5) points.push({ x: 0, y }, { x: 100, y })
    const quad = orderQuad(largestQuadInHull(convexHull(points))!)
    expect(quad).toEqual(rectQuad({ width: 100, height: 60 }))
  })
})

describe('flatSize and isConvexQuad', () => {
  it('gives a tilted page its own proportions, scaled to fit the long side', () => {
    const tilted: Quad = [
      { x: 100, y: 0 },
      { x: 200, y: 100 },
      { x: 100, y: 200 },
      { x: 0, y: 100 },
    ]
    expect(flatSize(tilted)).toEqual({ width: 141, height: 141 })
    expect(flatSize(rectQuad({ width: 800, height: 2400 }), 1200)).toEqual({ width: 400, height: 1200 })
  })

  it('rejects a bow-tie and a sliver', () => {
    expect(isConvexQuad(skewed)).toBe(true)
    expect(isConvexQuad([skewed[0], skewed[2], skewed[1], skewed[3]])).toBe(false)
    expect(
      isConvexQuad(
        [
          { x: 0, y: 0 },
          { x: 100, y: 0 },
          { x: 100, y: 2 },
          { x: 50, y: 1.5 },
        ],
        30,
      ),
    ).toBe(false)
  })
})
