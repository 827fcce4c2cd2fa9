import { describe, expect, it } from 'vitest'
import { toGrey } from '@/lib/document/raster'

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
