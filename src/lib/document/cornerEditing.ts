/**
 * What the corner editor does to corners, as pure functions: a handle moved by a key or dragged to a point,
 * kept inside the photo, or as far past its edge as a corner the detector put there (a sheet running off
 * the photo, its cut-off corner put back where its sides meet).
 */
import { clamp } from './raster'
import { BEYOND_PHOTO, type Point, type Quad } from './geometry'

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

/** Where corners may go, normalised: the photo [0, 1] and what lies past an edge of it. */
export interface CornerBounds {
  left: number
  top: number
  right: number
  bottom: number
}

export const PHOTO_BOUNDS: CornerBounds = { left: 0, top: 0, right: 1, bottom: 1 }

/**
 * Where the editor lets the handles of `corners` go: the photo, widened on a side to take in a corner lying past
 * it (up to BEYOND_PHOTO). Only as far as the corners already are: a corner can be brought back into the
 * photo, and dragged out again as far as it was, but a page the detector found inside stays inside.
 */
export function cornerBounds(corners: Quad): CornerBounds {
  const xs = corners.map((p) => p.x)
  const ys = corners.map((p) => p.y)
  return {
    left: clamp(Math.min(0, ...xs), -BEYOND_PHOTO, 0),
    top: clamp(Math.min(0, ...ys), -BEYOND_PHOTO, 0),
    right: clamp(Math.max(1, ...xs), 1, 1 + BEYOND_PHOTO),
    bottom: clamp(Math.max(1, ...ys), 1, 1 + BEYOND_PHOTO),
  }
}

/** The corners with corner `index` moved to `to`, kept within `bounds`. */
export function placeCorner(corners: Quad, index: number, to: Point, bounds = PHOTO_BOUNDS): Quad {
  return corners.map((p, i) =>
    i === index ? { x: clamp(to.x, bounds.left, bounds.right), y: clamp(to.y, bounds.top, bounds.bottom) } : p,
  ) as Quad
}

const ARROWS: Record<string, Point> = {
  ArrowLeft: { x: -1, y: 0 },
  ArrowRight: { x: 1, y: 0 },
  ArrowUp: { x: 0, y: -1 },
  ArrowDown: { x: 0, y: 1 },
}

/** The corners after an arrow key on handle `index`, or null when the key is not an arrow. */
export function nudgeCorner(corners: Quad, index: number, key: string, big: boolean, bounds = PHOTO_BOUNDS): Quad | null {
  const arrow = ARROWS[key]
  const corner = corners[index]
  if (!arrow || !corner) return null
  const step = big ? BIG_STEP : SMALL_STEP
  return placeCorner(corners, index, { x: corner.x + arrow.x * step, y: corner.y + arrow.y * step }, bounds)
}
