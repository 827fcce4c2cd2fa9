/**
 * The readability check as the image worker runs it in Chromium (on a sample of the page's rows, after the
 * canvas has drawn the page): every receipt scan in ../shared/fixtures raises no warning, and a blurred and a
 * darkened copy of each does. The thresholds were set in Node on the pure maths (receiptScans.test.ts); this
 * checks the worker's own measurement lands on the same side of them.
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
const SCANS = Object.keys(JSON.parse(readFileSync(resolve(ROOT, 'truth.json'), 'utf8')) as Record<string, unknown>)

/** The long side of a JPEG, from its SOF segment. */
function longSide(bytes: Buffer): number {
  for (let i = 2; i < bytes.length - 9;) {
    const marker = bytes[i + 1]!
    const length = bytes.readUInt16BE(i + 2)
    if (marker >= 0xc0 && marker <= 0xc3) return Math.max(bytes.readUInt16BE(i + 5), bytes.readUInt16BE(i + 7))
    i += 2 + length
  }
  throw new Error('no SOF segment')
}

describe('the readability check in the worker', () => {
  it.each(SCANS)('%s: no warning as scanned; blurred and darkened copies warn', async (scan) => {
    await newClient()
    const bytes = readFileSync(resolve(ROOT, scan))
    await harness.putBytes('scan', bytes)
    const good = await call('normalize', 'scan', 'scan.jpg', undefined, { look: 'document' })
    expectOk(good)
    expect(good.document!.problems).toEqual([])
    // About 2 px of blur on the page as sent, whatever the scan's size: a hand that moved.
    await call('spoil', 'scan', 'blurred', 'blurred', Math.ceil((2 * longSide(bytes)) / DEFAULT_MAX_PAGE_PX))
    const blurred = await call('normalize', 'blurred', 'blurred.jpg', undefined, { look: 'document' })
    expectOk(blurred)
    expect(blurred.document!.problems).toContain('blurred')
    await call('spoil', 'scan', 'dark', 'dark')
    const dark = await call('normalize', 'dark', 'dark.jpg', undefined, { look: 'document' })
    expectOk(dark)
    expect(dark.document!.problems).toContain('dark')
  })
})
