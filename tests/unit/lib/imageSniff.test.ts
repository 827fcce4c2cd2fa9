import { beforeAll, describe, expect, it } from 'vitest'
import { refusalMessage } from '@/lib/imageRefusal'
import { t } from '@/locales/i18n'
import { checkLimits as checkRefusal, MAX_FILE_BYTES, SNIFF_HEAD_BYTES, sniffImage, type SniffResult } from '@/lib/imageSniff'

/** The sentence the clerk sees for a file (in English, the tests' language), or null when it may go ahead. */
function checkLimits(sniff: SniffResult, bytes: number): string | null {
  const refusal = checkRefusal(sniff, bytes)
  return refusal && refusalMessage(refusal, t)
}

// The unit project has no Node types (it compiles with the app), so fs is imported by a name TS cannot see.
type ReadFile = (path: string) => Promise<Uint8Array>
let readFile: ReadFile
// Vitest runs this file in Node, which sets import.meta.dirname; the app's types don't know it.
const here = (import.meta as ImportMeta & { dirname: string }).dirname
const fixture = (name: string) => `${here}/../../../../shared/fixtures/receipts/${name}`

beforeAll(async () => {
  const fsModule = 'node:fs/promises'
  readFile = ((await import(/* @vite-ignore */ fsModule)) as { readFile: ReadFile }).readFile
})

const bytes = (...parts: (number[] | string)[]) =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...part].map((c) => c.charCodeAt(0)) : part)))
const be32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]
const le16 = (n: number) => [n & 255, (n >>> 8) & 255]
const le32 = (n: number) => [...le16(n & 0xffff), ...le16(n >>> 16)]

/** An APP1 segment holding only EXIF IFD0 with one Orientation entry, big-endian. */
function exifApp1(orientation: number): number[] {
  const tiff = [...bytes('MM'), 0, 42, ...be32(8), 0, 1, 0x01, 0x12, 0, 3, ...be32(1), 0, orientation, 0, 0, ...be32(0)]
  const body = [...bytes('Exif'), 0, 0, ...tiff]
  return [0xff, 0xe1, ((body.length + 2) >> 8) & 255, (body.length + 2) & 255, ...body]
}

describe('sniffImage on real receipts', () => {
  it('reads a JPEG’s size from its frame header, behind its EXIF and Photoshop blocks', async () => {
    const file = await readFile(fixture('aldi_02032020_19_02423.jpg'))
    const result = sniffImage(file.subarray(0, SNIFF_HEAD_BYTES), file.length)
    expect(result).toEqual({ kind: 'jpeg', mime: 'image/jpeg', width: 896, height: 2316, orientation: 1, damaged: false })
    expect(checkLimits(result, file.length)).toBeNull()
  })

  it('reads a scanner JPEG with a JFIF header too', async () => {
    const file = await readFile(fixture('lidl_12052020_09_02351.jpg'))
    expect(sniffImage(file.subarray(0, SNIFF_HEAD_BYTES), file.length)).toMatchObject({ width: 2552, height: 3508 })
  })

  it('finds EXIF orientation 6 in an APP1 segment inserted after SOI', async () => {
    const file = await readFile(fixture('aldi_02032020_19_02423.jpg'))
    const rotated = Uint8Array.from([0xff, 0xd8, ...exifApp1(6), ...file.subarray(2, SNIFF_HEAD_BYTES)])
    expect(sniffImage(rotated, file.length + 100)).toMatchObject({ kind: 'jpeg', orientation: 6, width: 896, height: 2316 })
  })

  it('calls a JPEG cut off before its frame header damaged, but not a mere slice of a whole file', async () => {
    const file = await readFile(fixture('aldi_02032020_19_02423.jpg'))
    const cut = file.subarray(0, 1000)
    const truncated = sniffImage(cut)
    expect(truncated).toMatchObject({ kind: 'jpeg', width: null, damaged: true })
    expect(checkLimits(truncated, cut.length)).toBe("This image is damaged and can't be read.")

    const slice = sniffImage(cut, file.length)
    expect(slice).toMatchObject({ kind: 'jpeg', width: null, damaged: false })
    expect(checkLimits(slice, file.length)).toBeNull()
  })

  it('calls a JPEG whose image data starts before any frame header damaged', () => {
    const result = sniffImage(bytes([0xff, 0xd8, 0xff, 0xda, 0, 4, 1, 2], [0, 0, 0, 0]), 1_000_000)
    expect(result.damaged).toBe(true)
  })
})

describe('sniffImage magic bytes', () => {
  it('reads PNG dimensions from IHDR', () => {
    const png = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], be32(13), 'IHDR', be32(640), be32(480), [8, 6, 0, 0, 0])
    expect(sniffImage(png, 10_000)).toEqual({ kind: 'png', mime: 'image/png', width: 640, height: 480, orientation: 1, damaged: false })
  })

  it('calls a PNG that ends inside its signature block damaged', () => {
    const png = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])
    expect(checkLimits(sniffImage(png), png.length)).toBe("This image is damaged and can't be read.")
  })

  it('reads the three WebP flavours', () => {
    const riff = (chunk: number[]) => bytes('RIFF', le32(chunk.length + 4), 'WEBP', chunk)
    const vp8x = riff([...bytes('VP8X', le32(10), [0, 0, 0, 0], [...le16(1999), 0], [...le16(1499), 0])])
    expect(sniffImage(Uint8Array.from(vp8x), 10_000)).toMatchObject({ kind: 'webp', width: 2000, height: 1500 })

    const vp8 = riff([...bytes('VP8 ', le32(10), [0, 0, 0], [0x9d, 0x01, 0x2a], le16(800), le16(600))])
    expect(sniffImage(Uint8Array.from(vp8), 10_000)).toMatchObject({ kind: 'webp', width: 800, height: 600 })

    const bits = (320 - 1) | ((240 - 1) << 14)
    const vp8l = riff([...bytes('VP8L', le32(10), [0x2f], le32(bits))])
    expect(sniffImage(Uint8Array.from(vp8l), 10_000)).toMatchObject({ kind: 'webp', width: 320, height: 240 })
  })

  it('reads GIF and BMP sizes (a BMP stored top-down has a negative height)', () => {
    expect(sniffImage(bytes('GIF89a', le16(300), le16(200), [0]), 1000)).toMatchObject({ kind: 'gif', width: 300, height: 200 })
    expect(sniffImage(bytes('GIF87a', le16(3), le16(2)), 1000)).toMatchObject({ kind: 'gif', width: 3, height: 2 })
    const bmp = bytes('BM', le32(1000), le32(0), le32(54), le32(40), le32(120), le32(-90 >>> 0), le16(1), le16(24))
    expect(sniffImage(bmp, 1000)).toMatchObject({ kind: 'bmp', mime: 'image/bmp', width: 120, height: 90 })
  })

  it('tells AVIF from HEIC by their ftyp brands', () => {
    const ftyp = (major: string, ...compatible: string[]) => bytes(be32(16 + 4 * compatible.length), 'ftyp', major, be32(0), ...compatible)
    expect(sniffImage(ftyp('avif', 'mif1', 'miaf'), 5000).kind).toBe('avif')
    expect(sniffImage(ftyp('mif1', 'avif'), 5000).kind).toBe('avif')
    expect(sniffImage(ftyp('heic', 'mif1'), 5000)).toMatchObject({ kind: 'heic', mime: 'image/heic' })
    expect(sniffImage(ftyp('mif1', 'heic'), 5000).kind).toBe('heic')
    expect(sniffImage(ftyp('isom', 'mp41'), 5000).kind).toBeNull() // an MP4 video
  })

  it('recognises a PDF, even after a little leading junk', () => {
    expect(sniffImage(bytes('%PDF-1.7\n'), 5000)).toMatchObject({ kind: 'pdf', mime: 'application/pdf' })
    expect(sniffImage(bytes([0xef, 0xbb, 0xbf], '\n%PDF-1.4'), 5000).kind).toBe('pdf')
  })

  it('does not take a text file, or a file named .jpg, for an image', () => {
    const text = bytes('Total 12,50 EUR\nThank you\n')
    const result = sniffImage(text)
    expect(result).toMatchObject({ kind: null, mime: null })
    expect(checkLimits(result, text.length)).toBe('This file is not an image or PDF.')
  })
})

describe('checkLimits', () => {
  it('refuses an empty file first', () => {
    expect(checkLimits(sniffImage(new Uint8Array(0)), 0)).toBe('This file is empty (0 bytes).')
  })

  it('refuses more than 50 MB, naming the size', () => {
    const jpeg = sniffImage(bytes([0xff, 0xd8, 0xff, 0xe0]), MAX_FILE_BYTES + 1)
    expect(checkLimits(jpeg, 62 * 1024 * 1024)).toBe('This file is too large (62 MB); the limit is 50 MB.')
    expect(checkLimits(jpeg, MAX_FILE_BYTES)).toBeNull()
  })

  it('refuses more than 100 MP, naming the size', () => {
    const png = (w: number, h: number) =>
      sniffImage(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], be32(13), 'IHDR', be32(w), be32(h)), 10_000)
    expect(checkLimits(png(12_000, 10_000), 10_000)).toBe('This image is too large (120 MP); the limit is 100 MP.')
    expect(checkLimits(png(10_020, 10_020), 10_000)).toBe('This image is too large (100.4 MP); the limit is 100 MP.')
    expect(checkLimits(png(10_000, 10_000), 10_000)).toBeNull()
    expect(checkLimits(png(8000, 6000), 10_000)).toBeNull()
  })

  it('calls a zero-sized image damaged', () => {
    const gif = sniffImage(bytes('GIF89a', le16(0), le16(10)), 100)
    expect(checkLimits(gif, 100)).toBe("This image is damaged and can't be read.")
  })
})

describe('checkLimits reason codes', () => {
  it('says why as a code the app can act on, without matching the sentence', () => {
    expect(checkRefusal(sniffImage(new Uint8Array(0)), 0)).toEqual({ reason: 'empty' })
    expect(checkRefusal(sniffImage(bytes('Total 12,50 EUR')), 15)).toEqual({ reason: 'not-image' })
    expect(checkRefusal(sniffImage(bytes([0xff, 0xd8, 0xff, 0xe0]), MAX_FILE_BYTES + 1), MAX_FILE_BYTES + 1)).toEqual({
      reason: 'too-large',
      bytes: MAX_FILE_BYTES + 1,
    })
  })
})
