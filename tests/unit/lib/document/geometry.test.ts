import { describe, expect, it } from 'vitest'
import {
  clipPolygon,
  completeCutCorners,
  convexHull,
  convexHullOfRows,
  flatSize,
  homography,
  isConvexQuad,
  largestQuadInHull,
  orderQuad,
  polygonArea,
  project,
  rectQuad,
  type Point,
  type Quad,
} from '@/lib/document/geometry'

/** A small deterministic generator (mulberry32), so a failing random case can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Spans of rows as a region of a mask has them: x in [left, right), or none where left < 0. */
function randomRows(next: () => number, rows: number, width: number, emptyShare: number) {
  const left = new Int32Array(rows).fill(-1)
  const right = new Int32Array(rows)
  for (let y = 0; y < rows; y++) {
    if (next() < emptyShare) continue
    left[y] = Math.floor(next() * width)
    right[y] = left[y]! + 1 + Math.floor(next() * (width - left[y]!))
  }
  return { left, right }
}

/** The pixel-edge corners of every span, the points `convexHull` would be given. */
function spanCorners(left: Int32Array, right: Int32Array): Point[] {
  const points: Point[] = []
  left.forEach((from, y) => {
    if (from >= 0) points.push({ x: from, y }, { x: right[y]!, y }, { x: from, y: y + 1 }, { x: right[y]!, y: y + 1 })
  })
  return points
}

/** The O(n³) search `largestQuadInHull` replaced: every diagonal, every third and fourth corner. */
function largestQuadBruteForce(pts: readonly Point[]): Point[] | null {
  const n = pts.length
  if (n < 4) return null
  const area = (a: Point, c: Point, p: Point) => Math.abs((c.x - a.x) * (p.y - a.y) - (c.y - a.y) * (p.x - a.x))
  let best = -1
  let result: Point[] | null = null
  for (let i = 0; i < n; i++) {
    for (let k = i + 2; k < n; k++) {
      const [a, c] = [pts[i]!, pts[k]!]
      let [bestJ, areaJ, bestL, areaL] = [-1, -1, -1, -1]
      for (let j = i + 1; j < k; j++) if (area(a, c, pts[j]!) > areaJ) [areaJ, bestJ] = [area(a, c, pts[j]!), j]
      for (let l = k + 1; l < n + i; l++) if (area(a, c, pts[l % n]!) > areaL) [areaL, bestL] = [area(a, c, pts[l % n]!), l % n]
      if (bestJ < 0 || bestL < 0) continue
      if (areaJ + areaL > best) [best, result] = [areaJ + areaL, [a, pts[bestJ]!, c, pts[bestL]!]]
    }
  }
  return result
}

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

  it('picks the same corners as trying every diagonal and every third and fourth corner', () => {
    const next = random(1)
    let thinnedHulls = 0
    for (let round = 0; round < 400; round++) {
      // Random convex polygons: round ones with many vertices, and pixel masks' hulls with many parallel
      // sides (ties between equally far vertices, which must be broken the same way).
      let hull: Point[]
      if (round % 2 === 0) {
        const points = Array.from({ length: 4 + Math.floor(next() * 160) }, () => {
          const angle = next() * 2 * Math.PI
          return { x: Math.round(2000 + 1500 * Math.cos(angle)), y: Math.round(2000 + 900 * Math.sin(angle)) }
        })
        hull = convexHull(points)
      } else {
        const { left, right } = randomRows(next, 2 + Math.floor(next() * 60), 40, 0.1)
        hull = convexHull(spanCorners(left, right))
      }
      // A hull of more than 64 vertices is thinned to every (n / 64)-th first, by both.
      const thinned = hull.length > 64 ? Array.from({ length: 64 }, (_, i) => hull[Math.floor(i * (hull.length / 64))]!) : hull
      if (thinned !== hull) thinnedHulls++
      expect(largestQuadInHull(hull)).toEqual(largestQuadBruteForce(thinned))
    }
    expect(thinnedHulls).toBeGreaterThan(10)
  })
})

describe('convexHullOfRows', () => {
  it('is the very hull convexHull gives of every span’s corners, vertex for vertex', () => {
    const next = random(2)
    for (let round = 0; round < 300; round++) {
      const { left, right } = randomRows(next, 1 + Math.floor(next() * 50), 1 + Math.floor(next() * 60), round % 3 === 0 ? 0.5 : 0.05)
      if (!left.some((from) => from >= 0)) continue
      expect(convexHullOfRows(left, right)).toEqual(convexHull(spanCorners(left, right)))
    }
  })

  it('reads only the first `rows` rows of its scratch arrays', () => {
    const left = Int32Array.from([2, 0, 1, 7, 7])
    const right = Int32Array.from([5, 6, 4, 9, 9])
    expect(convexHullOfRows(left, right, 3)).toEqual(convexHull(spanCorners(left.subarray(0, 3), right.subarray(0, 3))))
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

describe('completeCutCorners', () => {
  // A sheet on a 100×100 photo whose top-right corner B lies past the right edge: the edge cuts it off between
  // X1 (where the top side leaves the photo) and X2 (where the right side comes back), so the region's hull is
  // the five-sided A, X1, X2, C, D.
  const [A, B, C, D] = [
    { x: 20, y: 10 },
    { x: 120, y: 30 },
    { x: 80, y: 90 },
    { x: 10, y: 80 },
  ]
  const [X1, X2] = [
    { x: 100, y: 26 },
    { x: 100, y: 60 },
  ]
  const hull = [A, X1, X2, C, D]
  const photo = { width: 100, height: 100 }

  it('puts the cut-off corner back where the two sides reaching the edge meet, whichever end the quad kept', () => {
    for (const kept of [X1, X2]) {
      const completed = completeCutCorners(orderQuad([A, kept, C, D]), hull, photo, 0.25)
      expect(completed[0]).toEqual(A)
      expect(completed[1].x).toBeCloseTo(B.x, 6)
      expect(completed[1].y).toBeCloseTo(B.y, 6)
      expect(completed.slice(2)).toEqual([C, D])
    }
  })

  it('leaves the corner on the edge when the sides would meet further out than the reach', () => {
    // B is 20 % of the width past the edge.
    const quad = orderQuad([A, X2, C, D])
    expect(completeCutCorners(quad, hull, photo, 0.15)).toEqual(quad)
  })

  it('leaves a sheet running off a whole side as it is: two corners on the edge, nothing seen beyond', () => {
    const offBottom = [
      { x: 20, y: 10 },
      { x: 80, y: 15 },
      { x: 90, y: 100 },
      { x: 10, y: 100 },
    ]
    const quad = orderQuad(offBottom)
    expect(completeCutCorners(quad, offBottom, photo, 0.25)).toEqual(quad)
  })

  it('leaves a quad alone whose hull only touches the edge at a point', () => {
    const touching = orderQuad([A, { x: 100, y: 40 }, C, D])
    expect(completeCutCorners(touching, [A, { x: 100, y: 40 }, C, D], photo, 0.25)).toEqual(touching)
  })
})

describe('clipPolygon', () => {
  it('keeps the part of a quad inside the photo, and nothing of one outside it', () => {
    const photo = rectQuad({ width: 100, height: 100 })
    // A square half past the right edge: the half inside is left.
    const across: Point[] = [
      { x: 50, y: 20 },
      { x: 150, y: 20 },
      { x: 150, y: 80 },
      { x: 50, y: 80 },
    ]
    expect(polygonArea(clipPolygon(across, photo))).toBeCloseTo(50 * 60, 6)
    // Either way round: the photo clipped by the square is the same part.
    expect(polygonArea(clipPolygon(photo, across))).toBeCloseTo(50 * 60, 6)
    const outside = across.map((p) => ({ x: p.x + 200, y: p.y }))
    expect(clipPolygon(outside, photo)).toEqual([])
  })
})
