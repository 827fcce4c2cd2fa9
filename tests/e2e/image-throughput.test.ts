/**
 * Issue 13's throughput and rotation in real Chromium, through the real client, pool and workers: several
 * photos made side by side yet answered in order, one at a time when memory is tight, a turn made again from
 * the kept original (four turns give back the page), and the main-thread fallback keeping pages whole.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { fitLongSide } from '../../src/lib/decodeTarget'
import type { Quad } from '../../src/lib/document/geometry'
import { SHAPED_PAGES } from '../../src/lib/imageJobBudget'
import { expectOk, useImageHarness } from './support/imageHarness'
import { FIXTURES_DIR } from './support/server'

const harness = useImageHarness()
const { call, newClient } = harness

const put = (key: string, path: string) => harness.putBytes(key, readFileSync(path))
const UNCROPPED = resolve(FIXTURES_DIR, '../receipts-uncropped/thalia_06052020_01_04990.jpg')
// What one 12 MP photo is counted as before it starts, shaped: its 2000×1500 page SHAPED_PAGES times over.
const SHAPED_12MP_PIXELS = 2000 * 1500 * SHAPED_PAGES

beforeAll(async () => {
  await call('generateJpeg', 'photo12', 4032, 3024)
  await put('uncropped', UNCROPPED)
})

const batch = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    inputKey: 'photo12',
    fileName: `photo-${i + 1}.jpg`,
    document: { look: 'document' as const },
  }))

describe('several photos at once', () => {
  it('makes them side by side on two cores and answers them in the order they came', async () => {
    await newClient({ cores: 2 })
    const { finished, outcomes } = await call('normalizeAll', batch(4))
    expect(finished).toEqual(['photo-1.jpg', 'photo-2.jpg', 'photo-3.jpg', 'photo-4.jpg'])
    for (const outcome of outcomes) expect(outcome).toMatchObject({ ok: true, page: { width: 2000, height: 1500 } })
    expect(await call('workersMade')).toBe(2)
    // Two jobs' pixels were counted at once in the memory account, never three (two cores).
    const peak = Math.max(...(await call('decodingReports')))
    expect(peak).toBe(2 * SHAPED_12MP_PIXELS)
    expect(await call('state')).toEqual({ state: 'idle', processed: 4, queued: 0 })
  })

  it('makes them one at a time when memory is at gc_threshold', async () => {
    await newClient({ cores: 4, memory: { accountBytes: 0, budgetBytes: 2 ** 31, ratio: 0.8, gcThreshold: 0.8 } })
    const { finished } = await call('normalizeAll', batch(3))
    expect(finished).toEqual(['photo-1.jpg', 'photo-2.jpg', 'photo-3.jpg'])
    expect(await call('workersMade')).toBe(1)
    expect(Math.max(...(await call('decodingReports')))).toBe(SHAPED_12MP_PIXELS)
  })

  it('makes only as many at once as the budget holds below gc_threshold', async () => {
    // Room below 0.8 of the budget for two shaped 12 MP jobs (2 × 48 MB) but not three.
    const budgetBytes = Math.ceil((2.5 * SHAPED_12MP_PIXELS * 4) / 0.8)
    await newClient({ cores: 4, memory: { accountBytes: 0, budgetBytes, ratio: 0, gcThreshold: 0.8 } })
    const { finished } = await call('normalizeAll', batch(3))
    expect(finished).toEqual(['photo-1.jpg', 'photo-2.jpg', 'photo-3.jpg'])
    expect(await call('workersMade')).toBe(2)
  })
})

describe('a turn made from the kept original', () => {
  it('four turns give back the same page, bytes within 2 %, the same way up', async () => {
    await newClient()
    const first = await call('normalize', 'uncropped', 'receipt.jpg', 'shaped', { look: 'document' })
    expectOk(first)
    expect(first.document).toMatchObject({ detection: 'found', turn: 0 })
    const corners = first.document!.corners
    expect(corners).not.toBeNull()
    const { width, height } = first.page!
    expect(height).toBeGreaterThan(width)

    const sizes: [number, number][] = []
    const bytes: number[] = []
    for (const turn of [90, 180, 270, 0] as const) {
      // As the pages store does on Rotate: the original again, the same corners and look, the next turn.
      const made = await call('normalize', 'shaped:original', 'receipt.jpg', `turn-${turn}`, { look: 'document', corners, turn })
      expectOk(made)
      expect(made.document).toMatchObject({ detection: 'given', turn })
      sizes.push([made.page!.width, made.page!.height])
      bytes.push(made.page!.bytes)
    }
    expect(sizes).toEqual([
      [height, width],
      [width, height],
      [height, width],
      [width, height],
    ])
    expect(Math.abs(bytes[3]! - first.page!.bytes) / first.page!.bytes).toBeLessThanOrEqual(0.02)
    // The same way up: the page after four turns matches the first, not the first turned by half.
    const distance = await call('rotationDistance', 'turn-90', 'turn-180')
    expect(distance.clockwise).toBeLessThan(distance.anticlockwise / 2)
    const back = await call('rotationDistance', 'turn-270', 'turn-0')
    expect(back.clockwise).toBeLessThan(back.anticlockwise / 2)
  })
})

describe('the kept original', () => {
  it('is the photo as it came, not a second JPEG; the page encoded where the store asks for it', async () => {
    await newClient()
    // The scan is 2552×3508, over the 2000 px page: the page is made smaller, the original stays the photo.
    const kept = await call('normalize', 'uncropped', 'receipt.jpg', 'kept', { look: 'document' })
    expectOk(kept)
    expect(Math.max(kept.page!.width, kept.page!.height)).toBeLessThanOrEqual(2000)
    // The thumbnail has the cropped page's shape (a tall receipt), not the photo's.
    expect(kept.thumb).toMatchObject(fitLongSide({ width: kept.page!.width, height: kept.page!.height }, 320))
    expect(kept.document).toMatchObject({ originalIsInput: true, originalBytes: readFileSync(UNCROPPED).length })
    // Made again from it, the page is the same size: the photo is brought to page size first.
    const again = await call('normalize', 'kept:original', 'receipt.jpg', undefined, { look: 'document', corners: kept.document!.corners })
    expectOk(again)
    expect([again.page!.width, again.page!.height]).toEqual([kept.page!.width, kept.page!.height])

    const encoded = await call('normalize', 'uncropped', 'receipt.jpg', undefined, { look: 'document', encodeOriginal: true })
    expectOk(encoded)
    expect(encoded.document).toMatchObject({ originalIsInput: false, originalType: 'image/jpeg' })
    expect(encoded.document!.originalBytes).toBeLessThan(readFileSync(UNCROPPED).length)
  })
})

describe('the main-thread fallback', () => {
  it('keeps the page whole where the worker crops it', async () => {
    await newClient()
    const inWorker = await call('normalize', 'uncropped', 'worker.jpg', undefined, { look: 'document' })
    expectOk(inWorker)
    expect(inWorker.document?.detection).toBe('found')

    await newClient({ mode: 'main-thread' })
    const onMainThread = await call('normalize', 'uncropped', 'main-thread.jpg', undefined, { look: 'document' })
    expectOk(onMainThread)
    expect(onMainThread.decoded?.method).toBe('main-thread')
    // No document step there: the page is the whole photo at page size, no crop, no look, no corners.
    expect(onMainThread.document).toBeNull()
    const photo = await call('normalize', 'uncropped', 'plain.jpg')
    expectOk(photo)
    expect([onMainThread.page!.width, onMainThread.page!.height]).toEqual([photo.page!.width, photo.page!.height])
    expect(onMainThread.page!.width / onMainThread.page!.height).not.toBeCloseTo(inWorker.page!.width / inWorker.page!.height, 1)
  })
})

describe('the page the worker draws', () => {
  it('is the page the pure maths describes: the perspective flattened by canvas patches, the Document look by composites', async () => {
    await newClient()
    const found = await call('normalize', 'uncropped', 'receipt.jpg', 'found', { look: 'original' })
    expectOk(found)
    // A receipt seen at an angle: the found corners pulled in at the top, as a phone held low would see it.
    const [tl, tr, br, bl] = found.document!.corners!
    const angled: Quad = [{ x: tl.x + 0.04, y: tl.y + 0.02 }, { x: tr.x - 0.03, y: tr.y + 0.03 }, br, bl]
    for (const look of ['original', 'document'] as const) {
      const made = await call('normalize', 'found:original', 'receipt.jpg', `angled-${look}`, { look, corners: angled })
      expectOk(made)
      const same = await call('distanceFromReference', `angled-${look}`, 'found:original', angled, look)
      // JPEG at q 0.8 alone differs by ~1–3 levels; a crop 1 % to the side differs by far more.
      expect(same).toBeLessThan(4)
      const beside = await call('distanceFromReference', `angled-${look}`, 'found:original', angled, look, 0.01)
      expect(beside).toBeGreaterThan(3 * same)
    }
  })

  it('is read back in the right colours: the grey bands and the RGBA read as the canvas bytes come (BGRA here) match getImageData', async () => {
    const reads = await call('canvasReadsAgainstImageData')
    expect(reads.bandRows).toEqual([
      [0, 8],
      [32, 8],
      [64, 8],
      [96, 1],
    ])
    expect(reads.greyDifference).toBe(0)
    expect(reads.rgbaDifference).toBe(0)
  })

  it('is halved twice to the means of its 4×4 blocks (for detection and the paper colour)', async () => {
    const even = await call('halvedAgainstBlockMeans', 2000, 1500)
    expect(even.size).toEqual([500, 375])
    // Each of the two levels rounds to a whole level.
    expect(even.largest).toBeLessThanOrEqual(2)
    // 1455 does not divide by 4: halved twice to the nearest whole size (its samples drift up to a pixel
    // from the blocks' midpoints across the page, so it is not compared with the means).
    const odd = await call('halvedAgainstBlockMeans', 1455, 1998)
    expect(odd.size).toEqual([364, 500])
  })
})
