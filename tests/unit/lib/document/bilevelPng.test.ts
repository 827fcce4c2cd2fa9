import { describe, expect, it } from 'vitest'
import { deflateWithStream, encodeBilevelPng } from '@/lib/document/bilevelPng'

/** 20×3: a black pixel at (0,0) and (19,2), the rest white. */
function tiny() {
  const data = new Uint8ClampedArray(20 * 3 * 4).fill(255)
  data.fill(0, 0, 3)
  data.fill(0, (2 * 20 + 19) * 4, (2 * 20 + 19) * 4 + 3)
  return { width: 20, height: 3, data }
}

describe('encodeBilevelPng', () => {
  it('writes a 1-bit greyscale PNG whose rows carry the ink as clear bits', async () => {
    let raw: Uint8Array | null = null
    const png = await encodeBilevelPng(tiny(), async (bytes) => ((raw = bytes), bytes))
    expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10])
    expect(String.fromCharCode(...png.subarray(12, 16))).toBe('IHDR')
    const view = new DataView(png.buffer)
    expect([view.getUint32(16), view.getUint32(20), png[24], png[25]]).toEqual([20, 3, 1, 0])
    // IHDR's CRC, as any PNG reader checks it.
    expect(view.getUint32(29)).toBe(0xbb211283) // Node's zlib.crc32 of the same chunk
    // Each row: filter 0, then 3 bytes for 20 pixels; ink is 0, paper 1.
    expect(Array.from(raw!)).toEqual([0, 0x7f, 0xff, 0xf0, 0, 0xff, 0xff, 0xf0, 0, 0xff, 0xff, 0xe0])
    expect(String.fromCharCode(...png.subarray(png.length - 8, png.length - 4))).toBe('IEND')
  })

  it('deflates with the platform stream into zlib format', async () => {
    const packed = await deflateWithStream(new Uint8Array(1000))
    expect(packed[0]).toBe(0x78)
    expect(packed.length).toBeLessThan(50)
  })
})
