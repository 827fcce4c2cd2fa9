import { describe, expect, it } from 'vitest'
import { evenLight } from '@/lib/document/evenLight'
import { solveAugmented } from '@/lib/document/linear'
import type { GreyImage } from '@/lib/document/raster'

/** A `width` × `height` grey image whose level at (x, y) is `level(x, y)`. */
function image(width: number, height: number, level: (x: number, y: number) => number): GreyImage {
  const data = new Uint8Array(width * height)
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = Math.round(level(x, y))
  return { width, height, data }
}

describe('evenLight', () => {
  it('makes a grey card under a lamp one grey again, keeping its mean level', () => {
    const lamp = (x: number, y: number) => 0.55 + 0.45 * Math.exp(-((x - 60) ** 2 + (y - 80) ** 2) / (2 * 200 ** 2))
    const lit = image(400, 300, (x, y) => 200 * lamp(x, y))
    const before = Math.max(...lit.data) - Math.min(...lit.data)
    const evened = evenLight(lit).data
    const mean = (levels: Uint8Array) => levels.reduce((sum, v) => sum + v, 0) / levels.length
    expect(before).toBeGreaterThan(60)
    // A quadratic follows the lamp's falloff to within a few per cent over the card (a lamp's is not quadratic).
    expect(Math.max(...evened) - Math.min(...evened)).toBeLessThanOrEqual(before / 3)
    expect(Math.abs(mean(evened) - mean(lit.data))).toBeLessThan(4)
  })

  it("keeps the step at the paper's edge while taking out light from one side", () => {
    const paper = { left: 150, right: 250, top: 40, bottom: 260 }
    const onPaper = (x: number, y: number) => x >= paper.left && x < paper.right && y >= paper.top && y < paper.bottom
    // Paper 240 and desk 185, lit from 65 % at the left edge to 100 % at the right.
    const lit = image(400, 300, (x, y) => (onPaper(x, y) ? 240 : 185) * (0.65 + (0.35 * x) / 400))
    const evened = evenLight(lit)
    const at = (from: GreyImage, x: number, y: number) => from.data[y * from.width + x]!
    // Across each side edge, paper over desk is still the paper's own 240 / 185, within a few per cent.
    for (const [inside, outside] of [
      [paper.left + 2, paper.left - 3],
      [paper.right - 3, paper.right + 2],
    ] as const) {
      expect(at(evened, inside, 150) / at(evened, outside, 150)).toBeCloseTo(240 / 185, 1)
    }
    // The desk from edge to edge: 65 % to 100 % before, nearly one level after.
    const deskSpread = (from: GreyImage) => at(from, 399, 280) - at(from, 0, 280)
    expect(deskSpread(lit)).toBeGreaterThan(60)
    expect(Math.abs(deskSpread(evened))).toBeLessThan(deskSpread(lit) / 4)
  })

  it('leaves an image it cannot fit as it is', () => {
    const tiny = image(1, 1, () => 90)
    expect(evenLight(tiny)).toBe(tiny)
  })
})

describe('solveAugmented', () => {
  it('solves a small system and says when there is no single solution', () => {
    // x + 2y = 5, 3x − y = 1: x = 1, y = 2.
    const solution = solveAugmented([
      [1, 2, 5],
      [3, -1, 1],
    ])
    expect(solution![0]).toBeCloseTo(1, 12)
    expect(solution![1]).toBeCloseTo(2, 12)
    expect(
      solveAugmented([
        [1, 2, 3],
        [2, 4, 6],
      ]),
    ).toBeNull()
  })
})
