/**
 * What the corner editor does to corners, as pure functions: a handle moved by a key or dragged to a point,
 * always kept inside the photo.
 */
import { clamp } from './raster'
import type { Point, Quad } from './geometry'

/** The whole photo, normalised: what "Use whole photo" means and where the editor starts without a crop. */
export const WHOLE_PHOTO: Quad = [
  { x: 0, y: 0 },
  { x: 1, y: 0 },
  { x: 1, y: 1 },
  { x: 0, y: 1 },
]

/** One arrow press moves a handle this share of the photo; with Shift, BIG_STEP. */
export const SMALL_STEP = 0.005
export const BIG_STEP = 0.05

export const CORNER_NAMES = ['Top-left', 'Top-right', 'Bottom-right', 'Bottom-left'] as const

/** The corners with corner `index` moved to `to`, clamped to the photo. */
export function placeCorner(corners: Quad, index: number, to: Point): Quad {
  return corners.map((p, i) => (i === index ? { x: clamp(to.x, 0, 1), y: clamp(to.y, 0, 1) } : p)) as Quad
}

const ARROWS: Record<string, Point> = {
  ArrowLeft: { x: -1, y: 0 },
  ArrowRight: { x: 1, y: 0 },
  ArrowUp: { x: 0, y: -1 },
  ArrowDown: { x: 0, y: 1 },
}

/** The corners after an arrow key on handle `index`, or null when the key is not an arrow. */
export function nudgeCorner(corners: Quad, index: number, key: string, big: boolean): Quad | null {
  const arrow = ARROWS[key]
  const corner = corners[index]
  if (!arrow || !corner) return null
  const step = big ? BIG_STEP : SMALL_STEP
  return placeCorner(corners, index, { x: corner.x + arrow.x * step, y: corner.y + arrow.y * step })
}
