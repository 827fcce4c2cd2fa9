import { describe, expect, it } from 'vitest'
import { fitRect, parseObjectFit, quadInBox, svgPoints } from '@/lib/camera/previewFit'
import type { Quad } from '@/lib/document/geometry'

const WHOLE: Quad = [
  { x: 0, y: 0 },
  { x: 1, y: 0 },
  { x: 1, y: 1 },
  { x: 0, y: 1 },
]

describe('fitRect', () => {
  it('letterboxes a landscape frame in a portrait box under contain', () => {
    // 640×480 in 360×640: scale 360/640 = 0.5625, so 360×270, centred vertically.
    expect(fitRect({ width: 640, height: 480 }, { width: 360, height: 640 }, 'contain')).toEqual({ x: 0, y: 185, width: 360, height: 270 })
  })

  it('crops a landscape frame in a portrait box under cover, overhanging both sides equally', () => {
    // scale 640/480 = 4/3: 853.3×640, overhanging (853.3 − 360) / 2 on each side.
    const rect = fitRect({ width: 640, height: 480 }, { width: 360, height: 640 }, 'cover')
    expect(rect.height).toBe(640)
    expect(rect.width).toBeCloseTo(853.33, 2)
    expect(rect.x).toBeCloseTo(-246.67, 2)
    expect(rect.y).toBe(0)
  })

  it('stretches under fill, keeps the natural size under none, and never enlarges under scale-down', () => {
    expect(fitRect({ width: 640, height: 480 }, { width: 320, height: 480 }, 'fill')).toEqual({ x: 0, y: 0, width: 320, height: 480 })
    expect(fitRect({ width: 200, height: 100 }, { width: 400, height: 300 }, 'none')).toEqual({ x: 100, y: 100, width: 200, height: 100 })
    expect(fitRect({ width: 200, height: 100 }, { width: 400, height: 300 }, 'scale-down')).toEqual({
      x: 100,
      y: 100,
      width: 200,
      height: 100,
    })
    expect(fitRect({ width: 800, height: 400 }, { width: 400, height: 300 }, 'scale-down')).toEqual({
      x: 0,
      y: 50,
      width: 400,
      height: 200,
    })
  })

  it('gives an empty rectangle before the video knows its size', () => {
    expect(fitRect({ width: 0, height: 0 }, { width: 400, height: 300 }, 'cover')).toEqual({ x: 200, y: 150, width: 0, height: 0 })
  })
})

describe('quadInBox', () => {
  it('puts the whole frame on the fitted rectangle and a centred quad in the box centre', () => {
    const rect = fitRect({ width: 640, height: 480 }, { width: 360, height: 640 }, 'contain')
    expect(quadInBox(WHOLE, rect)).toEqual([
      { x: 0, y: 185 },
      { x: 360, y: 185 },
      { x: 360, y: 455 },
      { x: 0, y: 455 },
    ])
    const middle = quadInBox(
      [
        { x: 0.25, y: 0.25 },
        { x: 0.75, y: 0.25 },
        { x: 0.75, y: 0.75 },
        { x: 0.25, y: 0.75 },
      ],
      fitRect({ width: 640, height: 480 }, { width: 360, height: 640 }, 'cover'),
    )
    expect((middle[0].x + middle[2].x) / 2).toBeCloseTo(180, 6)
    expect((middle[0].y + middle[2].y) / 2).toBeCloseTo(320, 6)
    // Under cover the frame is 853.3 px wide, so half of it is 426.7 px: wider than the box.
    expect(middle[1].x - middle[0].x).toBeCloseTo(426.67, 2)
  })

  it('writes SVG points rounded to a tenth of a pixel', () => {
    expect(svgPoints(quadInBox(WHOLE, { x: 0.04, y: 1.26, width: 100.123, height: 50 }))).toBe('0,1.3 100.2,1.3 100.2,51.3 0,51.3')
  })
})

describe('parseObjectFit', () => {
  it('reads the computed value and defaults to contain, as a <video> does', () => {
    expect(parseObjectFit('cover')).toBe('cover')
    expect(parseObjectFit('fill')).toBe('fill')
    expect(parseObjectFit('')).toBe('contain')
    expect(parseObjectFit(undefined)).toBe('contain')
  })
})
