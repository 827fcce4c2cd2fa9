/**
 * The document step as the image worker runs it in Chromium, on every receipt scan in ../shared/fixtures: an
 * uncropped scan is cropped to its paper and a cropped one left whole, and the readability check (on a
 * sample of the page's rows, after the canvas has drawn the page) raises no warning while a blurred and a
 * darkened copy of each does. The thresholds were set in Node on the pure maths (receiptScans.test.ts); this
 * checks the worker's own pixels land on the same side of them.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_MAX_PAGE_PX } from '../../src/lib/decodeTarget'
import { expectOk, useImageHarness } from './support/imageHarness'
import { FIXTURES_DIR } from './support/server'

const harness = useImageHarness()
const { call, newClient } = harness

const ROOT = resolve(FIXTURES_DIR, '..')
const TRUTH = JSON.parse(readFileSync(resolve(ROOT, 'truth.json'), 'utf8')) as Record<
  string,
  { uncropped: boolean; paper_aspect_h_over_w?: number }
>

/** A JPEG's width and height, from its SOF segment (the scans carry no EXIF turn). */
function jpegSize(bytes: Buffer): { width: number; height: number } {
  for (let i = 2; i < bytes.length - 9;) {
    const marker = bytes[i + 1]!
    const length = bytes.readUInt16BE(i + 2)
    if (marker >= 0xc0 && marker <= 0xc3) return { height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7) }
    i += 2 + length
  }
  throw new Error('no SOF segment')
}

describe('the document step in the worker', () => {
  it.each(Object.keys(TRUTH))(
    '%s: cropped to the paper (±10 %) when uncropped, else whole (±3 %); no warning as scanned; blurred and darkened copies warn',
    async (scan) => {
      await newClient()
      const bytes = readFileSync(resolve(ROOT, scan))
      const photo = jpegSize(bytes)
      await harness.putBytes('scan', bytes)
      const good = await call('normalize', 'scan', 'scan.jpg', undefined, { look: 'document' })
      expectOk(good)
      const aspect = good.page!.height / good.page!.width
      const truth = TRUTH[scan]!
      if (truth.uncropped) {
        expect(good.document!.detection).toBe('found')
        expect(Math.abs(aspect / truth.paper_aspect_h_over_w! - 1)).toBeLessThanOrEqual(0.1)
      } else {
        expect(good.document!.detection).not.toBe('found')
        expect(Math.abs(aspect / (photo.height / photo.width) - 1)).toBeLessThanOrEqual(0.03)
      }
      expect(good.document!.problems).toEqual([])
      // About 2 px of blur on the page as sent, whatever the scan's size: a hand that moved.
      const longSide = Math.max(photo.width, photo.height)
      await call('spoil', 'scan', 'blurred', 'blurred', Math.ceil((2 * longSide) / DEFAULT_MAX_PAGE_PX))
      const blurred = await call('normalize', 'blurred', 'blurred.jpg', undefined, { look: 'document' })
      expectOk(blurred)
      expect(blurred.document!.problems).toContain('blurred')
      await call('spoil', 'scan', 'dark', 'dark')
      const dark = await call('normalize', 'dark', 'dark.jpg', undefined, { look: 'document' })
      expectOk(dark)
      expect(dark.document!.problems).toContain('dark')
    },
  )
})
