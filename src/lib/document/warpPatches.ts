/**
 * The flattening as affine patches a canvas can draw. A canvas has no perspective transform, but within a
 * small cell of the flat page the homography is almost affine: each cell gets the affine map that matches
 * the homography at the cell's centre (its first-order expansion), and a cell is split while that map strays
 * more than `maxErrorPx` from the homography at any of its corners. The worker then draws the photo once per
 * cell, clipped to the cell, with the browser's own bilinear sampling: measured several times faster than
 * sampling every pixel in script (`warpPerspective`, which stays as the reference the tests compare with).
 */
import type { Size } from '../decodeTarget'
import { homography, project, rectQuad, type Homography, type Point, type Quad } from './geometry'

/** A canvas transform (setTransform's a, b, c, d, e, f): device x = a·x + c·y + e, device y = b·x + d·y + f. */
export type AffineTransform = [number, number, number, number, number, number]

/** One axis-aligned cell of the flat page, in whole pixels, and the map from the photo's pixels into it. */
export interface WarpPatch {
  x: number
  y: number
  width: number
  height: number
  /** From the photo's coordinates to the flat page's. */
  transform: AffineTransform
}

const START_CELL = 128
const MIN_CELL = 8

/**
 * The patches that draw the part of the photo inside `corners` (pixels, [tl, tr, br, bl]) as a flat `size`
 * rectangle. Throws a RangeError when the corners make no quadrilateral.
 */
export function warpPatches(corners: Quad, size: Size, maxErrorPx = 0.25): WarpPatch[] {
  const h = homography(rectQuad(size), corners)
  if (!h) throw new RangeError('the corners do not make a quadrilateral')
  const patches: WarpPatch[] = []
  const split = (x: number, y: number, width: number, height: number): void => {
    const local = localAffine(h, { x: x + width / 2, y: y + height / 2 })
    if (local && (Math.max(width, height) <= MIN_CELL || worstError(h, local, x, y, width, height) <= maxErrorPx)) {
      patches.push({ x, y, width, height, transform: local.toFlat })
      return
    }
    // Halves on whole pixels, so neighbouring cells share an edge exactly and no seam or overlap is drawn.
    const w1 = Math.ceil(width / 2)
    const h1 = Math.ceil(height / 2)
    for (const [cx, cw] of width > 1
      ? [
          [x, w1],
          [x + w1, width - w1],
        ]
      : [[x, width]]) {
      for (const [cy, ch] of height > 1
        ? [
            [y, h1],
            [y + h1, height - h1],
          ]
        : [[y, height]])
        split(cx!, cy!, cw!, ch!)
    }
  }
  for (let y = 0; y < size.height; y += START_CELL) {
    for (let x = 0; x < size.width; x += START_CELL) {
      split(x, y, Math.min(START_CELL, size.width - x), Math.min(START_CELL, size.height - y))
    }
  }
  return patches
}

interface LocalAffine {
  /** The flat point the expansion is made at, and where the homography sends it in the photo. */
  centre: Point
  photo: Point
  /** The Jacobian of flat → photo at the centre, row-major [∂x/∂u, ∂x/∂v, ∂y/∂u, ∂y/∂v]. */
  jacobian: [number, number, number, number]
  toFlat: AffineTransform
}

/** The first-order expansion of `h` at `centre`, and its inverse as a canvas transform; null where singular. */
function localAffine(h: Homography, centre: Point): LocalAffine | null {
  const w = h[6]! * centre.x + h[7]! * centre.y + h[8]!
  const px = (h[0]! * centre.x + h[1]! * centre.y + h[2]!) / w
  const py = (h[3]! * centre.x + h[4]! * centre.y + h[5]!) / w
  const j00 = (h[0]! - px * h[6]!) / w
  const j01 = (h[1]! - px * h[7]!) / w
  const j10 = (h[3]! - py * h[6]!) / w
  const j11 = (h[4]! - py * h[7]!) / w
  const det = j00 * j11 - j01 * j10
  if (!Number.isFinite(det) || Math.abs(det) < 1e-12) return null
  // The inverse Jacobian takes photo offsets back to flat offsets around the centre.
  const a = j11 / det
  const b = -j10 / det
  const c = -j01 / det
  const d = j00 / det
  return {
    centre,
    photo: { x: px, y: py },
    jacobian: [j00, j01, j10, j11],
    toFlat: [a, b, c, d, centre.x - (a * px + c * py), centre.y - (b * px + d * py)],
  }
}

/** How far (photo pixels) the affine map strays from the homography at the cell's corners. */
function worstError(h: Homography, local: LocalAffine, x: number, y: number, width: number, height: number): number {
  let worst = 0
  for (const corner of [
    { x, y },
    { x: x + width, y },
    { x, y: y + height },
    { x: x + width, y: y + height },
  ]) {
    const exact = project(h, corner)
    const du = corner.x - local.centre.x
    const dv = corner.y - local.centre.y
    const [j00, j01, j10, j11] = local.jacobian
    const ax = local.photo.x + j00 * du + j01 * dv
    const ay = local.photo.y + j10 * du + j11 * dv
    worst = Math.max(worst, Math.hypot(ax - exact.x, ay - exact.y))
  }
  return worst
}
