/**
 * Recognises what a file really is from its first bytes (never from its name or the type the browser
 * guessed), reads dimensions from headers where that is cheap, and checks the limits (`imageRefusal.ts`
 * words them for the clerk).
 * Pure: works on bytes the caller has read.
 */
import type { ImageRefusal } from './imageRefusal'

export type FileKind = 'jpeg' | 'png' | 'webp' | 'gif' | 'bmp' | 'avif' | 'heic' | 'pdf'

export interface SniffResult {
  /** null when the bytes match none of the formats we know. */
  kind: FileKind | null
  /** The MIME type for `kind`, or null. */
  mime: string | null
  /** Stored (coded) width and height, when the header gave them; null otherwise. */
  width: number | null
  height: number | null
  /** EXIF orientation 1–8 of a JPEG (1 when absent). Orientations 5–8 swap width and height on screen. */
  orientation: number
  /** True when the bytes are the whole file and they end before the header does: a damaged file. */
  damaged: boolean
}

/** How many leading bytes `sniffImage` wants: enough for a JPEG's EXIF block (≤ 64 KB) and its frame header. */
export const SNIFF_HEAD_BYTES = 256 * 1024
/** Largest file we accept: 50 MB. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024
/** Largest picture we accept: 100 million pixels (a 48 MP phone photo is well under). */
export const MAX_PIXELS = 100_000_000

const MIME: Record<FileKind, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  bmp: 'image/bmp',
  avif: 'image/avif',
  heic: 'image/heic',
  pdf: 'application/pdf',
}

/**
 * Identifies `head`, the first bytes of a file (ideally `SNIFF_HEAD_BYTES` of them).
 * @param totalBytes the whole file's size, so a header cut short by the file's end counts as damaged
 *   while one cut short only by the slice we read does not.
 */
export function sniffImage(head: Uint8Array, totalBytes: number = head.length): SniffResult {
  const isWholeFile = head.length >= totalBytes
  const result = (
    kind: FileKind | null,
    size: Partial<Pick<SniffResult, 'width' | 'height' | 'orientation'>> = {},
    damaged = false,
  ): SniffResult => ({
    kind,
    mime: kind ? MIME[kind] : null,
    width: size.width ?? null,
    height: size.height ?? null,
    orientation: size.orientation ?? 1,
    damaged,
  })

  if (startsWith(head, [0xff, 0xd8, 0xff])) {
    const jpeg = readJpegHeader(head)
    return result('jpeg', jpeg, jpeg.width === undefined && (isWholeFile || jpeg.invalid))
  }
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    // The IHDR chunk always comes first: length, "IHDR", width, height.
    if (head.length < 24) return result('png', {}, isWholeFile)
    const width = u32be(head, 16)
    const height = u32be(head, 20)
    if (ascii(head, 12, 4) !== 'IHDR' || width === 0 || height === 0) return result('png', {}, true)
    return result('png', { width, height })
  }
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WEBP') {
    const size = readWebpSize(head)
    return result('webp', size ?? {}, !size && isWholeFile)
  }
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a') {
    if (head.length < 10) return result('gif', {}, isWholeFile)
    return result('gif', { width: u16le(head, 6), height: u16le(head, 8) })
  }
  if (ascii(head, 0, 2) === 'BM' && head.length >= 26 && u32le(head, 14) >= 12) {
    // BITMAPINFOHEADER and later: signed 32-bit width/height (a negative height means top-down rows).
    const view = new DataView(head.buffer, head.byteOffset, head.byteLength)
    return result('bmp', { width: Math.abs(view.getInt32(18, true)), height: Math.abs(view.getInt32(22, true)) })
  }
  if (ascii(head, 4, 4) === 'ftyp') {
    const brands = readFtypBrands(head)
    if (brands.some((b) => b === 'avif' || b === 'avis')) return result('avif')
    if (brands.some((b) => HEIF_BRANDS.has(b))) return result('heic')
  }
  if (findAscii(head, '%PDF-', 1024) >= 0) return result('pdf')
  return result(null)
}

/**
 * Why a file must be refused before decoding it, or null when it may go ahead. Size limits come before
 * the type, so a huge PDF is refused too.
 */
export function checkLimits(sniff: SniffResult, totalBytes: number): ImageRefusal | null {
  if (totalBytes === 0) return { reason: 'empty' }
  if (totalBytes > MAX_FILE_BYTES) return { reason: 'too-large', bytes: totalBytes }
  if (sniff.kind === null) return { reason: 'not-image' }
  if (sniff.damaged) return { reason: 'damaged' }
  if (sniff.width !== null && sniff.height !== null) {
    if (sniff.width === 0 || sniff.height === 0) return { reason: 'damaged' }
    if (sniff.width * sniff.height > MAX_PIXELS) return { reason: 'too-large', pixels: sniff.width * sniff.height }
  }
  return null
}

// HEIF brands from ISO/IEC 23008-12; 'mif1'/'msf1' alone are generic HEIF, which in practice means HEIC.
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1'])

interface JpegHeader {
  width?: number
  height?: number
  orientation?: number
  /** A marker structure that cannot be a JPEG, wherever the slice ends. */
  invalid?: boolean
}

function readJpegHeader(b: Uint8Array): JpegHeader {
  const header: JpegHeader = {}
  let i = 2
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return { ...header, invalid: true }
    const marker = b[i + 1]!
    if (marker === 0xff) {
      i += 1 // fill byte
      continue
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      i += 2 // markers without a length
      continue
    }
    // Image data started (or ended) before any frame header.
    if (marker === 0xda || marker === 0xd9) return { ...header, invalid: true }
    const length = u16be(b, i + 2)
    if (length < 2) return { ...header, invalid: true }
    const isFrameHeader = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc
    if (isFrameHeader) {
      if (i + 9 > b.length) return header
      const height = u16be(b, i + 5)
      const width = u16be(b, i + 7)
      // A height of 0 is legal (set later by a DNL marker) but rare; the decoder will find it.
      return height > 0 && width > 0 ? { ...header, width, height } : header
    }
    if (marker === 0xe1 && header.orientation === undefined && ascii(b, i + 4, 6) === 'Exif\0\0') {
      const end = Math.min(b.length, i + 2 + length)
      header.orientation = readExifOrientation(b.subarray(i + 10, end))
    }
    i += 2 + length
  }
  return header
}

/** Orientation (tag 0x0112) from IFD0 of a TIFF block; undefined when absent or malformed. */
function readExifOrientation(tiff: Uint8Array): number | undefined {
  if (tiff.length < 8) return undefined
  const order = ascii(tiff, 0, 2)
  if (order !== 'II' && order !== 'MM') return undefined
  const little = order === 'II'
  const u16 = (at: number) => (little ? u16le(tiff, at) : u16be(tiff, at))
  const u32 = (at: number) => (little ? u32le(tiff, at) : u32be(tiff, at))
  if (u16(2) !== 42) return undefined
  const ifd = u32(4)
  if (ifd + 2 > tiff.length) return undefined
  const count = u16(ifd)
  for (let k = 0; k < count; k++) {
    const entry = ifd + 2 + k * 12
    if (entry + 12 > tiff.length) return undefined
    if (u16(entry) === 0x0112) {
      const value = u16(entry + 8)
      return value >= 1 && value <= 8 ? value : undefined
    }
  }
  return undefined
}

function readWebpSize(b: Uint8Array): { width: number; height: number } | null {
  const chunk = ascii(b, 12, 4)
  if (chunk === 'VP8X' && b.length >= 30) {
    return { width: 1 + u24le(b, 24), height: 1 + u24le(b, 27) }
  }
  if (chunk === 'VP8 ' && b.length >= 30 && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a) {
    return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff }
  }
  if (chunk === 'VP8L' && b.length >= 25 && b[20] === 0x2f) {
    const bits = u32le(b, 21)
    return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >>> 14) & 0x3fff) }
  }
  return null
}

function readFtypBrands(b: Uint8Array): string[] {
  const boxSize = Math.min(u32be(b, 0), b.length, 4096)
  const brands = [ascii(b, 8, 4)]
  for (let at = 16; at + 4 <= boxSize; at += 4) brands.push(ascii(b, at, 4))
  return brands
}

function startsWith(b: Uint8Array, prefix: number[]): boolean {
  return b.length >= prefix.length && prefix.every((value, k) => b[k] === value)
}

function ascii(b: Uint8Array, at: number, length: number): string {
  if (at + length > b.length) return ''
  return String.fromCharCode(...b.subarray(at, at + length))
}

function findAscii(b: Uint8Array, needle: string, within: number): number {
  const last = Math.min(b.length, within) - needle.length
  outer: for (let at = 0; at <= last; at++) {
    for (let k = 0; k < needle.length; k++) if (b[at + k] !== needle.charCodeAt(k)) continue outer
    return at
  }
  return -1
}

const u16be = (b: Uint8Array, at: number) => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0)
const u16le = (b: Uint8Array, at: number) => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8)
const u24le = (b: Uint8Array, at: number) => u16le(b, at) | ((b[at + 2] ?? 0) << 16)
const u32be = (b: Uint8Array, at: number) => ((u16be(b, at) << 16) >>> 0) + u16be(b, at + 2)
const u32le = (b: Uint8Array, at: number) => u16le(b, at) + ((u16le(b, at + 2) << 16) >>> 0)
