import { describe, expect, it } from 'vitest'
import type { GreyImage } from '@/lib/document/raster'
import { checkReadability, checkReadabilityOfBands, READABILITY_SAMPLE, sampleBands } from '@/lib/document/readability'
import { t } from '@/locales/i18n'

describe('checkReadability on made-up pages', () => {
  /** Grey paper (200) with black bars of print, crisp. */
  function printed(width = 800, height = 1000, paper = 200): GreyImage {
    const data = new Uint8Array(width * height).fill(paper)
    for (let y = 40; y < height - 40; y += 24)
      for (let x = 40; x < width - 40; x++) if ((x >> 3) % 3 !== 0) data.fill(20, y * width + x, y * width + x + 1)
    for (let y = 40; y < height - 40; y += 24) data.copyWithin((y + 1) * width, y * width, (y + 1) * width)
    return { width, height, data }
  }

  it('is happy with crisp print on grey paper', () => {
    expect(checkReadability(printed()).problems).toEqual([])
  })

  it('names glare when a blown-out patch covers the print', () => {
    const page = printed()
    for (let y = 300; y < 500; y++) page.data.fill(255, y * page.width + 200, y * page.width + 500)
    const report = checkReadability(page)
    expect(report.problems).toContain('glare')
    expect(t('readability.message.glare')).toMatch(/retake/)
  })

  it('names a washed-out page too bright, and a document lost in a large photo too small', () => {
    const page = printed(800, 1000, 255)
    page.data.forEach((v, i) => (page.data[i] = Math.max(v, 190)))
    expect(checkReadability(page).problems).toContain('overexposed')
    expect(checkReadability(printed(), { documentFraction: 0.05 }).problems).toEqual(['small'])
  })

  it('finds the same on a sample of bands of rows, as the worker reads it, as on the whole page', () => {
    const glared = printed()
    for (let y = 300; y < 500; y++) glared.data.fill(255, y * glared.width + 200, y * glared.width + 500)
    const dark = printed(800, 1000, 90)
    for (const page of [printed(), glared, dark, printed(300, 380)]) {
      const sampled = checkReadabilityOfBands(sampleBands(page, READABILITY_SAMPLE))
      expect(sampled.problems).toEqual(checkReadability(page).problems)
    }
    // All the rows as bands measure exactly what the whole page does.
    const page = printed()
    expect(checkReadabilityOfBands(sampleBands(page, { rows: 50, every: 50 }))).toEqual(checkReadability(page))
  })

  it('says what to do in plain words', () => {
    expect(t('readability.message.blurred')).toBe('Blurred — hold the phone still and retake.')
  })
})
