/**
 * The document maths on the real receipt scans, each decoded once (pure-JS decoding of a 9 MP scan is the
 * slow part): the page the app would make of it, and whether the readability check is happy with it and
 * unhappy with a blurred, darkened and shrunk copy.
 */
import { describe, expect, it } from 'vitest'
import { detectDocument } from '@/lib/document/detect'
import { flatSize, rectQuad, scaleQuad } from '@/lib/document/geometry'
import { boxBlur, shrinkGrey, toGrey, type GreyImage, type RgbaImage } from '@/lib/document/raster'
import { checkReadability, checkReadabilityOfBands, READABILITY_SAMPLE, sampleBands } from '@/lib/document/readability'
import { warpPerspective } from '@/lib/document/warp'
import { loadFixture, truth } from './fixtures'

const SLOW = 120_000
const MAX_PAGE_PX = 2000

/** The page as the app makes it: the document flattened (or the whole photo), long side ≤ 2000. */
function makePage(path: string) {
  const photo = loadFixture(path)
  const found = detectDocument(toGrey(photo))
  const corners = found.kind === 'found' ? scaleQuad(found.corners, photo.width, photo.height) : rectQuad(photo)
  const page = toGrey(warpPerspective(photo, corners, flatSize(corners, MAX_PAGE_PX)))
  return { photo, page }
}

/** The problems found on the whole page, after checking the worker's sample of it finds the same. */
function problems(page: GreyImage) {
  const whole = checkReadability(page).problems
  expect(checkReadabilityOfBands(sampleBands(page, READABILITY_SAMPLE)).problems).toEqual(whole)
  return whole
}

/** The crop truth.json asks for: the paper's shape (±10 %) when the scan is uncropped, else the whole scan (±3 %). */
function expectCrop(photo: RgbaImage, t: (typeof truth)[string]): void {
  const found = detectDocument(toGrey(photo))
  const corners = found.kind === 'found' ? scaleQuad(found.corners, photo.width, photo.height) : rectQuad(photo)
  const size = flatSize(corners, Math.max(photo.width, photo.height))
  const aspect = size.height / size.width
  if (t.uncropped) {
    expect(found.kind).toBe('found')
    expect(Math.abs(aspect / t.paper_aspect_h_over_w! - 1)).toBeLessThanOrEqual(0.1)
  } else {
    expect(found.kind).not.toBe('found')
    expect(Math.abs(aspect / (photo.height / photo.width) - 1)).toBeLessThanOrEqual(0.03)
  }
}

describe.each(Object.entries(truth))('%s', (path, t) => {
  it(
    'is cropped to the paper (±10 %) when uncropped, else left whole (±3 %), also when dull; reads clean; spoilt copies warn',
    () => {
      const { photo, page } = makePage(path)
      expectCrop(photo, t)
      // A dull copy, its levels squeezed into 60–213 (a faded scan, a grey day): the same crop. Before the
      // detector stretched the contrast, two scans were cropped to their paper and the grey beside it.
      expectCrop({ ...photo, data: photo.data.map((v, i) => (i % 4 === 3 ? v : 60 + v * 0.6)) }, t)
      expect(problems(page)).toEqual([])
      // About 2 px of blur on the page as sent (3–4 px on the scan): a hand that moved.
      expect(problems(boxBlur(boxBlur(page, 2), 2))).toContain('blurred')
      expect(problems({ ...page, data: page.data.map((v) => v * 0.35) })).toContain('dark')
      expect(problems(shrinkGrey(page, Math.round(Math.max(page.width, page.height) / 4)))).toContain('small')
    },
    SLOW,
  )
})
