/**
 * The image pipeline in real Chromium: the real client and worker, served by Vite's dev server, fed with
 * the receipt fixtures and photos made for the occasion.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { HarnessClientOptions } from './harness/image-pipeline'
import { expectOk, useImageHarness } from './support/imageHarness'
import { FIXTURES_DIR } from './support/server'

const FIXTURES = FIXTURES_DIR
const RECEIPTS = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.jpg'))
  .sort()

const harness = useImageHarness()
const { call, newClient } = harness

const fixtureBytes = (name: string) => readFileSync(resolve(FIXTURES, name))
const put = (key: string, bytes: Uint8Array, type?: string) => harness.putBytes(key, bytes, type)

/** A new client (made with `options`) normalises a generated `width`×`height` JPEG; a refusal fails the test. */
async function normalizeGeneratedJpeg(key: string, width: number, height: number, fileName: string, options: HarnessClientOptions = {}) {
  await newClient(options)
  await call('generateJpeg', key, width, height)
  const outcome = await call('normalize', key, fileName)
  expectOk(outcome)
  return outcome
}

/** A copy of a JPEG with an APP1 EXIF segment saying Orientation = 6 (turn 90° clockwise) right after SOI. */
function withOrientation6(jpeg: Uint8Array): Uint8Array {
  const tiff = [0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]
  const body = [...Buffer.from('Exif\0\0', 'latin1'), ...tiff]
  const app1 = [0xff, 0xe1, (body.length + 2) >> 8, (body.length + 2) & 255, ...body]
  return Uint8Array.from([0xff, 0xd8, ...app1, ...jpeg.subarray(2)])
}

/** A copy of a JPEG whose frame header claims `width`×`height`. */
function withFrameSize(jpeg: Uint8Array, width: number, height: number): Uint8Array {
  const copy = Uint8Array.from(jpeg)
  for (let i = 2; i < copy.length;) {
    const marker = copy[i + 1]!
    if (marker === 0xc0 || marker === 0xc2) {
      copy.set([height >> 8, height & 255, width >> 8, width & 255], i + 5)
      return copy
    }
    i += 2 + ((copy[i + 2]! << 8) | copy[i + 3]!)
  }
  throw new Error('no frame header')
}

/** Offset of the first byte of compressed data (just after the SOS segment). */
function scanStart(jpeg: Uint8Array): number {
  for (let i = 2; i < jpeg.length;) {
    const length = (jpeg[i + 2]! << 8) | jpeg[i + 3]!
    if (jpeg[i + 1] === 0xda) return i + 2 + length
    i += 2 + length
  }
  throw new Error('no scan')
}

describe('every receipt fixture', () => {
  it('becomes a JPEG page with the long side at most 2000 px and a thumbnail at most 320 px', async () => {
    await newClient()
    expect(RECEIPTS.length).toBeGreaterThanOrEqual(10)
    for (const name of RECEIPTS) {
      const bytes = fixtureBytes(name)
      await put(name, bytes)
      const outcome = await call('normalize', name, name)
      expectOk(outcome)
      expect(outcome.page!.type, name).toBe('image/jpeg')
      expect(outcome.mime, name).toBe('image/jpeg')
      expect(Math.max(outcome.page!.width, outcome.page!.height), name).toBeLessThanOrEqual(2000)
      expect({ width: outcome.page!.width, height: outcome.page!.height }, name).toEqual({ width: outcome.width, height: outcome.height })
      expect(outcome.thumb!.type, name).toBe('image/jpeg')
      expect(Math.max(outcome.thumb!.width, outcome.thumb!.height), name).toBe(320)
      expect(outcome.decoded!.method, name).toBe('image-decoder')
      // Every fixture is portrait, and stays so.
      expect(outcome.height, name).toBeGreaterThan(outcome.width)
      // Pages that were re-encoded are smaller than the photo that came in.
      if (!outcome.keptOriginal) expect(outcome.page!.bytes, name).toBeLessThan(bytes.length)
    }
  })
})

describe('large photos', () => {
  it('decodes a 12 MP photo at 4/8 (2016×1512) and draws it down to 2000×1500', async () => {
    const outcome = await normalizeGeneratedJpeg('photo12', 4032, 3024, '12mp.jpg')
    expect(outcome.decoded).toEqual({ width: 2016, height: 1512, method: 'image-decoder' })
    expect(outcome.page).toMatchObject({ type: 'image/jpeg', width: 2000, height: 1500 })
    expect(outcome.thumb).toMatchObject({ width: 320, height: 240 })
    // The memory monitor heard, before the worker started, of the decode buffer and the page canvas (not of
    // the full photo), and then 0.
    const reports = await call('decodingReports')
    expect(Math.max(...reports)).toBe(2016 * 1512 + 2000 * 1500)
    expect(reports.at(-1)).toBe(0)
  })

  it('processes a generated 48 MP (8000×6000) JPEG', async () => {
    await newClient()
    const bytes = await call('generateJpeg', 'photo48', 8000, 6000)
    expect(bytes).toBeGreaterThan(1_000_000)
    const outcome = await call('normalize', 'photo48', '48mp.jpg')
    expectOk(outcome)
    expect(outcome.decoded).toEqual({ width: 2000, height: 1500, method: 'image-decoder' })
    expect(outcome.page).toMatchObject({ type: 'image/jpeg', width: 2000, height: 1500 })
    expect(outcome.page!.bytes).toBeLessThan(bytes)
    expect(outcome.thumb).toMatchObject({ width: 320, height: 240 })
  })

  it("makes no thumbnail when asked for none (thumbPx 0, the bench's page-only figure), and the same page", async () => {
    const sizes = await harness.page.evaluate(async () => {
      // A string import, so that Vitest leaves it for the page (served by Vite) to load.
      const load = new Function('url', 'return import(url)') as (
        url: string,
      ) => Promise<typeof import('../../src/workers/imageWorkerClient')>
      const { createImageWorkerClient } = await load('/src/workers/imageWorkerClient.ts')
      const canvas = new OffscreenCanvas(4032, 3024)
      const context = canvas.getContext('2d')!
      context.fillStyle = '#808080'
      context.fillRect(0, 0, 4032, 3024)
      const photo = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })
      const pageOnly = createImageWorkerClient({ thumbPx: 0 })
      const withThumb = createImageWorkerClient()
      try {
        const [a, b] = [await pageOnly.normalize(photo, { fileName: 'a.jpg' }), await withThumb.normalize(photo, { fileName: 'b.jpg' })]
        const shown = await createImageBitmap(a.page)
        const result = {
          thumb: a.thumb,
          width: shown.width,
          height: shown.height,
          bytes: a.page.size,
          otherBytes: b.page.size,
          otherThumb: !!b.thumb,
        }
        shown.close()
        return result
      } finally {
        pageOnly.terminate()
        withThumb.terminate()
      }
    })
    expect(sizes).toMatchObject({ thumb: null, width: 2000, height: 1500, otherThumb: true })
    expect(sizes.bytes).toBe(sizes.otherBytes)
  })

  it('refuses a photo over 100 MP before decoding it', async () => {
    await newClient()
    await put('huge', withFrameSize(fixtureBytes(RECEIPTS[0]!), 12_000, 10_000))
    const outcome = await call('normalize', 'huge', 'huge.jpg')
    expect(outcome).toMatchObject({
      ok: false,
      name: 'ImageRejectedError',
      reason: 'too-large',
      message: 'This image is too large (120 MP); the limit is 100 MP.',
    })
    expect(await call('decodingReports')).toEqual([0])
  })
})

describe('EXIF orientation', () => {
  it('turns a photo marked Orientation 6 a quarter clockwise: portrait in, landscape out', async () => {
    await newClient()
    const original = fixtureBytes('aldi_02032020_19_02423.jpg')
    await put('upright', original)
    await put('rotated', withOrientation6(original))
    const upright = await call('normalize', 'upright', 'upright.jpg', 'upright')
    const rotated = await call('normalize', 'rotated', 'rotated.jpg', 'rotated')
    expectOk(upright)
    expectOk(rotated)
    expect(upright).toMatchObject({ width: 774, height: 2000 })
    expect(rotated).toMatchObject({ width: 2000, height: 774 })
    expect(rotated.page).toMatchObject({ width: 2000, height: 774 })
    expect(rotated.thumb).toMatchObject({ width: 320, height: 124 })
    // The pixels turned too, and clockwise: compare with the upright page turned each way.
    const distance = await call('rotationDistance', 'upright', 'rotated')
    expect(distance.clockwise).toBeLessThan(distance.anticlockwise / 2)
  })

  it('is honoured when the decoder already makes the page size (4000×3000 at 4/8 is 2000×1500), upright and turned', async () => {
    await newClient()
    // An asymmetric picture, so a page left unturned or turned the wrong way shows in the pixels.
    const base64 = await harness.page.evaluate(async () => {
      const canvas = new OffscreenCanvas(4000, 3000)
      const context = canvas.getContext('2d')!
      context.fillStyle = '#f4efe4'
      context.fillRect(0, 0, 4000, 3000)
      context.fillStyle = '#1a3a7a'
      context.fillRect(0, 0, 1800, 900)
      context.fillStyle = '#b02020'
      context.fillRect(2600, 1800, 1400, 1200)
      const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })).arrayBuffer())
      let binary = ''
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
      return btoa(binary)
    })
    const original = Buffer.from(base64, 'base64')
    await put('exact-upright', original)
    await put('exact-rotated', withOrientation6(original))
    const upright = await call('normalize', 'exact-upright', 'upright.jpg', 'exact-upright')
    const rotated = await call('normalize', 'exact-rotated', 'rotated.jpg', 'exact-rotated')
    expectOk(upright)
    expectOk(rotated)
    expect(upright.decoded).toEqual({ width: 2000, height: 1500, method: 'image-decoder' })
    expect(upright.page).toMatchObject({ type: 'image/jpeg', width: 2000, height: 1500 })
    expect(upright.thumb).toMatchObject({ type: 'image/jpeg', width: 320, height: 240 })
    expect(rotated.decoded).toEqual({ width: 1500, height: 2000, method: 'image-decoder' })
    expect(rotated.page).toMatchObject({ type: 'image/jpeg', width: 1500, height: 2000 })
    expect(rotated.thumb).toMatchObject({ type: 'image/jpeg', width: 240, height: 320 })
    const distance = await call('rotationDistance', 'exact-upright', 'exact-rotated')
    expect(distance.clockwise).toBeLessThan(distance.anticlockwise / 2)
    // The upright page is the photo itself: blue top-left, cream centre.
    const { corner, centre } = await call('cornerAndCentre', 'exact-upright')
    expect(corner[2]!).toBeGreaterThan(corner[0]! + 60)
    expect(Math.min(...centre)).toBeGreaterThan(200)
  })

  it('stays with a photo kept as its original: a re-crop from it, and the copy the corner editor shows, are the same way up', async () => {
    await newClient()
    // The uncropped scan (2552×3508, portrait) marked Orientation 6: shown landscape, the receipt lying across.
    await put('marked', withOrientation6(readFileSync(resolve(FIXTURES, '../receipts-uncropped/thalia_06052020_01_04990.jpg'))))
    const first = await call('normalize', 'marked', 'marked.jpg', 'marked', { look: 'document' })
    expectOk(first)
    expect(first.document).toMatchObject({ detection: 'found', originalIsInput: true })
    // The receipt (3.6 times as tall as wide on paper) lies across the landscape photo: the page is wide.
    expect(first.width).toBeGreaterThan(2 * first.height)
    expect(first.thumb!.width).toBeGreaterThan(2 * first.thumb!.height)
    const again = await call('normalize', 'marked:original', 'marked.jpg', undefined, {
      look: 'document',
      corners: first.document!.corners,
    })
    expectOk(again)
    expect([again.width, again.height]).toEqual([first.width, first.height])
    // What the corner editor is shown: the whole photo at page size, landscape as the corners are.
    const shown = await call('normalize', 'marked:original', 'marked.jpg')
    expectOk(shown)
    expect([shown.width, shown.height]).toEqual([2000, Math.round((2000 * 2552) / 3508)])
  })

  it('is also honoured by the createImageBitmap fallback (no ImageDecoder) and the main-thread fallback, which refuse damaged files too', async () => {
    for (const mode of ['worker-bitmap', 'main-thread'] as const) {
      await newClient({ mode })
      await put('rotated', withOrientation6(fixtureBytes('aldi_02032020_19_02423.jpg')))
      const outcome = await call('normalize', 'rotated', `rotated-${mode}.jpg`)
      expectOk(outcome)
      // Resized to the page as shown, not squashed in the stored orientation and then turned.
      expect(outcome.decoded).toEqual({ width: 2000, height: 774, method: mode === 'worker-bitmap' ? 'bitmap-resize' : 'main-thread' })
      expect(outcome.page, mode).toMatchObject({ type: 'image/jpeg', width: 2000, height: 774 })
      expect(outcome.thumb, mode).toMatchObject({ width: 320, height: 124 })

      const receipt = fixtureBytes('lidl_02032020_02_00716.jpg')
      await put('cut', receipt.subarray(0, scanStart(receipt) + 20_000))
      expect(await call('normalize', 'cut', `cut-${mode}.jpg`), mode).toMatchObject({ ok: false, reason: 'damaged' })
    }
  })
})

describe('bad input', () => {
  const refusals = [
    { name: 'empty.jpg', make: () => new Uint8Array(0), reason: 'empty', message: 'This file is empty (0 bytes).' },
    {
      name: 'notes.txt',
      make: () => new TextEncoder().encode('Total 12,50 EUR\nThank you\n'),
      reason: 'not-image',
      message: 'This file is not an image or PDF.',
    },
    {
      name: 'truncated.jpg',
      make: () => fixtureBytes('toom_02052020_01_01999.jpg').subarray(0, 2000),
      reason: 'damaged',
      message: "This image is damaged and can't be read.",
    },
    {
      name: 'cut.jpg',
      // The header is whole and says 876×1056; the compressed data stops part way: only the decoder can tell.
      make: () => {
        const bytes = fixtureBytes('lidl_02032020_02_00716.jpg')
        return bytes.subarray(0, scanStart(bytes) + 20_000)
      },
      reason: 'damaged',
      message: "This image is damaged and can't be read.",
    },
    {
      name: 'photo.heic',
      make: () => Uint8Array.from([0, 0, 0, 24, ...Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'), ...new Uint8Array(1000)]),
      reason: 'unsupported',
      message: expect.stringMatching(/^HEIC photos can't be read by this browser — /),
    },
  ]

  it.each(refusals)('refuses $name with a clear message', async ({ name, make, reason, message }) => {
    await newClient()
    await put(name, make(), '')
    const outcome = await call('normalize', name, name)
    expect(outcome).toMatchObject({ ok: false, name: 'ImageRejectedError', reason, message })
  })

  it('keeps going: a photo after a refused one still becomes a page, in the order they were added', async () => {
    await newClient()
    await put('receipt', fixtureBytes('rossmann_27022020_01_00195.jpg'))
    await put('empty', new Uint8Array(0))
    await put(
      'garbage',
      Uint8Array.from({ length: 5000 }, (_, i) => (i * 31) % 256),
      '',
    )
    const { finished, outcomes } = await call('normalizeAll', [
      { inputKey: 'empty', fileName: 'a-empty.jpg' },
      { inputKey: 'receipt', fileName: 'b-receipt.jpg' },
      { inputKey: 'garbage', fileName: 'c-garbage.bin' },
      { inputKey: 'receipt', fileName: 'd-receipt.jpg' },
    ])
    expect(finished).toEqual(['a-empty.jpg', 'b-receipt.jpg', 'c-garbage.bin', 'd-receipt.jpg'])
    expect(outcomes.map((o) => o.ok)).toEqual([false, true, false, true])
    expect(outcomes[3]).toMatchObject({ ok: true, page: { type: 'image/jpeg', height: 2000 } })
    // All four waited while the first header was read, and the client ends idle with all four done.
    const snapshots = await call('snapshots')
    expect(Math.max(...snapshots.map((s) => s.queued))).toBe(4)
    expect(snapshots.at(-1)).toEqual({ state: 'idle', processed: 4, queued: 0 })
  })
})

describe('small images and PDFs', () => {
  it('keeps a small JPEG as it is (same bytes) but still makes a thumbnail', async () => {
    const outcome = await normalizeGeneratedJpeg('small', 1200, 900, 'small.jpg')
    expect(outcome).toMatchObject({ keptOriginal: true, sameBlobAsInput: true, width: 1200, height: 900, mime: 'image/jpeg' })
    expect(outcome.thumb).toMatchObject({ type: 'image/jpeg', width: 320, height: 240 })
  })

  it('re-encodes the same small photo when the page limit is lower', async () => {
    const outcome = await normalizeGeneratedJpeg('small', 1200, 900, 'small.jpg', { maxPagePx: 1000 })
    expect(outcome).toMatchObject({ keptOriginal: false, sameBlobAsInput: false, width: 1000, height: 750 })
  })

  it('puts a large transparent PNG on white, not black, when it becomes a JPEG', async () => {
    await newClient()
    await call('generateTransparentPng', 'png', 2400, 1800)
    const outcome = await call('normalize', 'png', 'screenshot.png', 'png-page')
    expectOk(outcome)
    expect(outcome).toMatchObject({ keptOriginal: false, mime: 'image/jpeg', width: 2000, height: 1500 })
    const { corner, centre } = await call('cornerAndCentre', 'png-page')
    for (const channel of corner) expect(channel).toBeGreaterThan(245)
    for (const channel of centre) expect(channel).toBeLessThan(80)
  })

  it('passes a PDF through untouched, without a thumbnail', async () => {
    await newClient()
    await put('pdf', new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'), 'application/pdf')
    const outcome = await call('normalize', 'pdf', 'invoice.pdf')
    expect(outcome).toMatchObject({
      ok: true,
      kind: 'pdf',
      mime: 'application/pdf',
      width: 0,
      height: 0,
      thumb: null,
      sameBlobAsInput: true,
    })
  })
})

describe('a worker that stops', () => {
  it('rejects the job a crashed worker had, and the next job works in a fresh worker', async () => {
    await newClient({ crashFirstWorker: true })
    await put('receipt', fixtureBytes('ikea_08102016_12_13439.jpg'))
    const crashed = await call('normalize', 'receipt', 'first.jpg')
    expect(crashed).toMatchObject({
      ok: false,
      reason: 'interrupted',
      message: 'The image processor stopped unexpectedly while reading this photo; please add it again.',
    })
    const next = await call('normalize', 'receipt', 'second.jpg')
    expect(next).toMatchObject({ ok: true, page: { type: 'image/jpeg', height: 2000 } })
  })

  it('terminate() refuses the job in progress, the queued ones and any later one', async () => {
    await newClient()
    await put('receipt', fixtureBytes('real_24042020_08_02642.jpg'))
    const items = ['one.jpg', 'two.jpg', 'three.jpg'].map((fileName) => ({ inputKey: 'receipt', fileName }))
    const { outcomes, state } = await call('normalizeThenTerminate', items)
    expect(outcomes.map((o) => o.fileName)).toEqual(['one.jpg', 'two.jpg', 'three.jpg', 'after-terminate.jpg'])
    for (const outcome of outcomes) {
      expect(outcome).toMatchObject({ ok: false, reason: 'stopped', message: 'The scanner was closed before this photo was processed.' })
    }
    expect(state).toEqual({ state: 'stopped', processed: 3, queued: 0 })
  })

  it('rejects the job in progress on restart() and carries on with the queue', async () => {
    await newClient({ restartWhenDecoding: true })
    await call('generateJpeg', 'photo12', 4032, 3024)
    const { outcomes } = await call('normalizeAll', [
      { inputKey: 'photo12', fileName: 'interrupted.jpg' },
      { inputKey: 'photo12', fileName: 'after.jpg' },
    ])
    expect(outcomes[0]).toMatchObject({
      ok: false,
      reason: 'interrupted',
      message: 'Processing this photo was stopped to free memory; please add it again.',
    })
    expect(outcomes[1]).toMatchObject({ ok: true, width: 2000, height: 1500 })
    expect(await call('state')).toEqual({ state: 'idle', processed: 2, queued: 0 })
  })
})
