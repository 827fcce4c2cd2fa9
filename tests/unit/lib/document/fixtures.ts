/**
 * The shared receipt scans (../shared/fixtures, never copied into the repo), decoded in Node with jpeg-js,
 * and the copies the tests make of them: drawn in perspective on a desk, blurred, darkened, shrunk.
 */
import jpeg from 'jpeg-js'
// Relative rather than '@/': `npm run bench:detect` draws its scenes with these in plain Node too.
import { homography, project, rectQuad, type Quad } from '../../../../src/lib/document/geometry'
import type { RgbaImage } from '../../../../src/lib/document/raster'

// The unit project compiles with the app, without Node types: fs is imported by a name TS cannot see.
const fsModule = 'node:fs'
const { readFileSync } = (await import(/* @vite-ignore */ fsModule)) as {
  readFileSync(path: string, encoding?: 'utf8'): Uint8Array & string
}
// Vitest runs this file in Node, which sets import.meta.dirname; the app's types don't know it.
const here = (import.meta as ImportMeta & { dirname: string }).dirname
export const FIXTURES_DIR = `${here}/../../../../../shared/fixtures/`

export interface FixtureTruth {
  uncropped: boolean
  paper_aspect_h_over_w?: number
}

export const truth = JSON.parse(readFileSync(`${FIXTURES_DIR}truth.json`, 'utf8')) as Record<string, FixtureTruth>

const cache = new Map<string, RgbaImage>()

/** A fixture's pixels, e.g. `receipts/aldi_02032020_19_02423.jpg`; decoded once per test file. */
export function loadFixture(path: string): RgbaImage {
  let image = cache.get(path)
  if (!image) {
    const decoded = jpeg.decode(readFileSync(`${FIXTURES_DIR}${path}`), { useTArray: true, maxMemoryUsageInMB: 1024 })
    image = { width: decoded.width, height: decoded.height, data: decoded.data }
    cache.set(path, image)
  }
  return image
}

/** How a desk looks: its mean grey, how far its stripes swing either way, and the spread of its noise. */
export interface DeskLook {
  level: number
  swing: number
  noise: number
}

/** The brown desk most tests lay receipts on. */
export const BROWN_DESK: DeskLook = { level: 95, swing: 35, noise: 40 }

/** A grainy desk, brown unless told otherwise: stripes that wander, and noise, so no threshold sees it as one flat region. */
export function deskTexture(width: number, height: number, seed = 1, { level, swing, noise }: DeskLook = BROWN_DESK): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4)
  let state = seed
  const random = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const grain = level + swing * Math.sin(x / 9 + 3 * Math.sin(y / 45)) + (random() - 0.5) * noise
      const o = (y * width + x) * 4
      data[o] = grain + 25
      data[o + 1] = grain
      data[o + 2] = grain - 30
      data[o + 3] = 255
    }
  }
  return { width, height, data }
}

/** Draws `page` onto `background` so its corners land on `corners` (nearest sample, independent of warp.ts). */
export function drawInPerspective(background: RgbaImage, page: RgbaImage, corners: Quad): RgbaImage {
  const toPage = homography(corners, rectQuad(page))
  if (!toPage) throw new Error('bad corners')
  const out = { ...background, data: new Uint8ClampedArray(background.data) }
  for (let y = 0; y < out.height; y++) {
    for (let x = 0; x < out.width; x++) {
      const p = project(toPage, { x: x + 0.5, y: y + 0.5 })
      const px = Math.floor(p.x)
      const py = Math.floor(p.y)
      if (px < 0 || py < 0 || px >= page.width || py >= page.height) continue
      const from = (py * page.width + px) * 4
      const to = (y * out.width + x) * 4
      out.data[to] = page.data[from]!
      out.data[to + 1] = page.data[from + 1]!
      out.data[to + 2] = page.data[from + 2]!
    }
  }
  return out
}

/**
 * `photo` lit unevenly, in place: each pixel's colour times `reaching(x, y)`, the share of the light (0–1)
 * reaching it, desk and receipt alike, as a phone sees a lamp or light from one side.
 */
export function lightUnevenly(photo: RgbaImage, reaching: (x: number, y: number) => number): RgbaImage {
  for (let y = 0, o = 0; y < photo.height; y++) {
    for (let x = 0; x < photo.width; x++, o += 4) {
      const share = reaching(x, y)
      for (let c = 0; c < 3; c++) photo.data[o + c] = photo.data[o + c]! * share
    }
  }
  return photo
}
