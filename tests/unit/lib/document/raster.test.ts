import { describe, expect, it } from 'vitest'
import { openGrey, toGrey, type GreyImage } from '@/lib/document/raster'

/** The extreme over the (2r+1)² square round each pixel, clamped at the borders, sample by sample. */
function squareFilter(image: GreyImage, r: number, pick: (a: number, b: number) => number): GreyImage {
  const { width, height, data } = image
  const out = new Uint8Array(width * height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = data[y * width + x]!
      for (let dy = -r; dy <= r; dy++) {
        for (let dx = -r; dx <= r; dx++) {
          const sx = x + dx
          const sy = y + dy
          if (sx >= 0 && sy >= 0 && sx < width && sy < height) v = pick(v, data[sy * width + sx]!)
        }
      }
      out[y * width + x] = v
    }
  }
  return { width, height, data: out }
}

describe('openGrey', () => {
  it('is the minimum and then the maximum over each pixel’s square, borders included', () => {
    let seed = 11
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    for (const [width, height, r] of [
      [23, 17, 2],
      [5, 9, 2],
      [31, 4, 1],
      [12, 12, 3],
      [4, 3, 3],
      [1, 6, 2],
      [7, 1, 0],
    ] as const) {
      const data = Uint8Array.from({ length: width * height }, () => Math.floor(next() * 256))
      const image = { width, height, data: data.slice() }
      const expected = squareFilter(squareFilter(image, r, Math.min), r, Math.max)
      expect(openGrey(image, r)).toEqual(expected)
      // The input is left as it was.
      expect(image.data).toEqual(data)
    }
  })
})

describe('toGrey', () => {
  it('weighs red, green and blue as Rec. 601 does, whichever order the bytes come in', () => {
    // Pure red, pure green and pure blue, as RGBA and as BGRA.
    const rgba = { width: 3, height: 1, data: new Uint8Array([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255]) }
    const bgra = { width: 3, height: 1, data: new Uint8Array([0, 0, 255, 255, 0, 255, 0, 255, 255, 0, 0, 255]) }
    expect([...toGrey(rgba).data]).toEqual([76, 149, 28])
    expect([...toGrey(bgra, undefined, 'bgra').data]).toEqual([76, 149, 28])
  })

  it('writes into the buffer it is given and refuses one too small', () => {
    const image = { width: 2, height: 1, data: new Uint8Array([10, 10, 10, 255, 200, 200, 200, 255]) }
    const into = new Uint8Array(4)
    expect(toGrey(image, into).data.buffer).toBe(into.buffer)
    // The weights sum to 256: a grey level stays itself.
    expect([...into]).toEqual([10, 200, 0, 0])
    expect(() => toGrey(image, new Uint8Array(1))).toThrow(RangeError)
  })
})
