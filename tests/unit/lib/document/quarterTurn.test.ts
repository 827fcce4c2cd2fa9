import { describe, expect, it } from 'vitest'
import { flatSize, scaleQuad, type Quad } from '@/lib/document/geometry'
import { addQuarterTurn, turnQuad, WHOLE_IMAGE, type QuarterTurn } from '@/lib/document/quarterTurn'
import type { RgbaImage } from '@/lib/document/raster'
import { warpPerspective } from '@/lib/document/warp'

/** A w×h image whose every pixel is unique (red = x, green = y), so a turn can be checked pixel by pixel. */
function labelled(width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4)
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([x * 10, y * 10, 77, 255], (y * width + x) * 4)
  return { width, height, data }
}

function pixel(image: RgbaImage, x: number, y: number): number[] {
  const i = (y * image.width + x) * 4
  return [...image.data.slice(i, i + 4)]
}

/** The page inside normalised `corners`, made turned `turn`, as the worker's document step makes it. */
function make(source: RgbaImage, corners: Quad, turn: QuarterTurn): RgbaImage {
  const inPixels = scaleQuad(turnQuad(corners, turn), source.width, source.height)
  return warpPerspective(source, inPixels, flatSize(inPixels))
}

describe('quarter turns made from the original', () => {
  it('cycles the corners: a quarter turn puts the bottom-left corner at the top-left', () => {
    const [tl, tr, br, bl] = WHOLE_IMAGE
    expect(turnQuad(WHOLE_IMAGE, 0)).toEqual([tl, tr, br, bl])
    expect(turnQuad(WHOLE_IMAGE, 90)).toEqual([bl, tl, tr, br])
    expect(turnQuad(WHOLE_IMAGE, 180)).toEqual([br, bl, tl, tr])
    expect(turnQuad(WHOLE_IMAGE, 270)).toEqual([tr, br, bl, tl])
  })

  it('turns the whole image exactly, pixel for pixel, clockwise', () => {
    const source = labelled(6, 4)
    const turned = make(source, WHOLE_IMAGE, 90)
    expect([turned.width, turned.height]).toEqual([4, 6])
    // Clockwise: the source's bottom-left pixel is the turned image's top-left, its top-left the top-right.
    expect(pixel(turned, 0, 0)).toEqual(pixel(source, 0, 3))
    expect(pixel(turned, 3, 0)).toEqual(pixel(source, 0, 0))
    expect(pixel(turned, 3, 5)).toEqual(pixel(source, 5, 0))
    for (let y = 0; y < 6; y++) for (let x = 0; x < 4; x++) expect(pixel(turned, x, y)).toEqual(pixel(source, y, 3 - x))
  })

  it('four turns give back the same page, and a crop is turned with its corners', () => {
    const source = labelled(20, 16)
    const crop: Quad = [
      { x: 0.1, y: 0.125 },
      { x: 0.9, y: 0.125 },
      { x: 0.9, y: 0.875 },
      { x: 0.1, y: 0.875 },
    ]
    let turn: QuarterTurn = 0
    const upright = make(source, crop, turn)
    expect([upright.width, upright.height]).toEqual([16, 12])
    const sizes: number[][] = []
    for (let i = 0; i < 4; i++) {
      turn = addQuarterTurn(turn)
      const page = make(source, crop, turn)
      sizes.push([page.width, page.height])
    }
    expect(sizes).toEqual([
      [12, 16],
      [16, 12],
      [12, 16],
      [16, 12],
    ])
    expect(turn).toBe(0)
    expect(make(source, crop, turn).data).toEqual(upright.data)
    // Half a turn: the crop's bottom-right pixel comes first.
    expect(pixel(make(source, crop, 180), 0, 0)).toEqual(pixel(upright, 15, 11))
  })
})
