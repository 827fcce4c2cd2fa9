/**
 * A page turned by quarter turns while it is made, not afterwards: the corners handed to the warp are
 * cycled, so the flat rectangle comes out turned in the same single resampling from the original. Pure.
 */
import type { Quad } from './geometry'

/** Clockwise quarter turns, as the Scanner stores them. */
export type QuarterTurn = 0 | 90 | 180 | 270

/** The whole image as normalised corners [tl, tr, br, bl]. */
export const WHOLE_IMAGE: Quad = [
  { x: 0, y: 0 },
  { x: 1, y: 0 },
  { x: 1, y: 1 },
  { x: 0, y: 1 },
]

/**
 * The corners that make the page `quad` encloses come out turned `turn` degrees clockwise: the turned page's
 * top-left is the document's bottom-left after a quarter turn, and so on round. Same points, new order.
 */
export function turnQuad(quad: Quad, turn: QuarterTurn): Quad {
  const steps = turn / 90
  return [0, 1, 2, 3].map((i) => quad[(i - steps + 4) % 4]!) as Quad
}

/** The next clockwise quarter turn after `turn`. */
export function addQuarterTurn(turn: QuarterTurn): QuarterTurn {
  return ((turn + 90) % 360) as QuarterTurn
}
