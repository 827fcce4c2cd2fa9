/**
 * Plane geometry for document capture: hulls, the quadrilateral of a page, and the homography that flattens
 * it. Pure functions, coordinates in pixels unless a name says normalised (0–1 of the image's size).
 */
import type { Size } from '../decodeTarget'
import { solveAugmented } from './linear'

export interface Point {
  x: number
  y: number
}

/** A page's corners, clockwise from the top-left as the clerk sees them: [tl, tr, br, bl]. */
export type Quad = [Point, Point, Point, Point]

/**
 * How far past the photo's edge a page's corner may lie, normalised: a share of the photo's width (left, right)
 * or height (top, bottom). A receipt running off the photo has its cut-off corner put back out there
 * (completeCutCorners), and the corner editor lets a handle go that far.
 */
export const BEYOND_PHOTO = 0.25

function cross(o: Point, a: Point, b: Point): number {
  return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
}

/** Convex hull (Andrew's monotone chain), counter-clockwise in maths axes, without collinear points. */
export function convexHull(points: readonly Point[]): Point[] {
  const sorted = [...points].sort((a, b) => a.x - b.x || a.y - b.y)
  if (sorted.length < 3) return sorted
  const lower: Point[] = []
  for (const p of sorted) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop()
    lower.push(p)
  }
  const upper: Point[] = []
  for (let i = sorted.length - 1; i >= 0; i--) {
    const p = sorted[i]!
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop()
    upper.push(p)
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1))
}

/** Area of a simple polygon (shoelace), always positive. */
export function polygonArea(points: readonly Point[]): number {
  let sum = 0
  for (let i = 0; i < points.length; i++) {
    const a = points[i]!
    const b = points[(i + 1) % points.length]!
    sum += a.x * b.y - b.x * a.y
  }
  return Math.abs(sum) / 2
}

/**
 * Convex hull of the pixels in a stack of row spans, the same polygon as `convexHull` of every span's four
 * pixel-edge corners, without sorting them: row `y` covers x in [`left[y]`, `right[y]`), or nothing where
 * `left[y]` < 0. The rows already come in order of y, so only the outermost corner on each side of each
 * pixel-edge line y can be a vertex, and a monotone chain in (y, x) order needs no sort.
 */
export function convexHullOfRows(left: Int32Array, right: Int32Array, rows = left.length, scratch = hullScratch(rows)): Point[] {
  // The hull's candidate vertices in (y, x) order: at each line y between rows, the leftmost and rightmost
  // corner of the spans just above and just below it. Numbers, not Points: this runs at every threshold.
  const { xs, ys, chain } = scratch
  let n = 0
  for (let y = 0; y <= rows; y++) {
    const above = y > 0 && left[y - 1]! >= 0
    const below = y < rows && left[y]! >= 0
    if (!above && !below) continue
    const from = Math.min(above ? left[y - 1]! : Infinity, below ? left[y]! : Infinity)
    const to = Math.max(above ? right[y - 1]! : -Infinity, below ? right[y]! : -Infinity)
    xs[n] = from
    ys[n++] = y
    if (to > from) {
      xs[n] = to
      ys[n++] = y
    }
  }
  if (n < 3) return convexHull(Array.from(xs.subarray(0, n), (x, i) => ({ x, y: ys[i]! })))
  // Andrew's chain with x and y swapped: the same pop rule with the cross product's sign turned, which
  // walks the hull clockwise (maths axes) from its top-left corner, down one side and back up the other.
  let length = 0
  for (let i = 0; i < n; i++) length = pushTurningRight(chain, length, 0, xs, ys, i)
  const lower = length - 1
  for (let i = n - 1; i >= 0; i--) length = pushTurningRight(chain, length, lower, xs, ys, i)
  // Both halves end where the other starts: the last vertex is the first again.
  length--
  // Turned round and started at the smallest (x, y), as `convexHull` answers, so callers that pick
  // vertices by position (largestQuadInHull's thinning) get the very same ones.
  let first = 0
  for (let k = 1; k < length; k++) {
    const p = chain[k]!
    const q = chain[first]!
    if (xs[p]! < xs[q]! || (xs[p] === xs[q] && ys[p]! < ys[q]!)) first = k
  }
  const hull: Point[] = []
  for (let k = 0; k < length; k++) {
    const i = chain[(first - k + length) % length]!
    hull.push({ x: xs[i]!, y: ys[i]! })
  }
  return hull
}

/** Room for `convexHullOfRows` over up to `rows` rows, made once and reused: typed arrays are slow to make. */
export interface HullScratch {
  xs: Int32Array
  ys: Int32Array
  chain: Int32Array
}

export function hullScratch(rows: number): HullScratch {
  const candidates = 2 * (rows + 1)
  return { xs: new Int32Array(candidates), ys: new Int32Array(candidates), chain: new Int32Array(2 * candidates) }
}

/**
 * Adds point `i` to a hull chain of point numbers, first dropping the vertices it leaves on a left turn or a
 * straight line (cross ≥ 0), but none at or below `floor`; returns the chain's new length. A function of
 * its own, not a closure, so the length lives in a register rather than in a context object.
 */
function pushTurningRight(chain: Int32Array, length: number, floor: number, xs: Int32Array, ys: Int32Array, i: number): number {
  while (length >= floor + 2) {
    const o = chain[length - 2]!
    const a = chain[length - 1]!
    if ((xs[a]! - xs[o]!) * (ys[i]! - ys[o]!) - (ys[a]! - ys[o]!) * (xs[i]! - xs[o]!) < 0) break
    length--
  }
  chain[length] = i
  return length + 1
}

/**
 * The largest-area quadrilateral whose corners are vertices of a convex polygon: for each diagonal (i, k)
 * the best third and fourth corners are the vertices farthest from it on either side. The hull is thinned to
 * at most `maxVertices` first.
 *
 * O(n²), not O(n³): along a convex polygon the distance to a chord rises and then falls, and as the chord's
 * end k moves on, the farthest vertex on either side only moves forward (rotating calipers). So each side's
 * farthest vertex is a pointer that walks forward, stopping at the first vertex the next one does not
 * beat: the first farthest one, as the full O(n³) scan this replaced picked (its tests compare the two).
 */
export function largestQuadInHull(hull: readonly Point[], maxVertices = 64): Point[] | null {
  const pts = thinHull(hull, maxVertices)
  const n = pts.length
  if (n < 4) return null
  // The coordinates twice round, so the side after k can run past the end without a modulo.
  const xs: number[] = []
  const ys: number[] = []
  for (let i = 0; i < 2 * n; i++) {
    xs.push(pts[i % n]!.x)
    ys.push(pts[i % n]!.y)
  }
  let best = -1
  let corners: [number, number, number, number] | null = null
  for (let i = 0; i < n; i++) {
    const ax = xs[i]!
    const ay = ys[i]!
    // j runs over the vertices between i and k, l over those after k (wrapping round to before i).
    let j = i + 1
    let l = i + 3
    for (let k = i + 2; k < n; k++) {
      const dx = xs[k]! - ax
      const dy = ys[k]! - ay
      // No closure for this: one made per chord cost more than the search.
      let farJ = offChord(xs[j]! - ax, ys[j]! - ay, dx, dy)
      for (; j + 1 < k; j++) {
        const next = offChord(xs[j + 1]! - ax, ys[j + 1]! - ay, dx, dy)
        if (next <= farJ) break
        farJ = next
      }
      if (l <= k) l = k + 1
      if (l >= n + i) continue
      let farL = offChord(xs[l]! - ax, ys[l]! - ay, dx, dy)
      for (; l + 1 < n + i; l++) {
        const next = offChord(xs[l + 1]! - ax, ys[l + 1]! - ay, dx, dy)
        if (next <= farL) break
        farL = next
      }
      const area = farJ + farL
      if (area > best) {
        best = area
        corners = [i, j, k, l % n]
      }
    }
  }
  return corners && corners.map((index) => pts[index]!)
}

/** Twice the area of the triangle with the chord (dx, dy) and the point (px, py), both from the chord's start. */
function offChord(px: number, py: number, dx: number, dy: number): number {
  return Math.abs(dx * py - dy * px)
}

/** Every (length / maxVertices)-th vertex, when there are more than `maxVertices`. */
function thinHull(hull: readonly Point[], maxVertices: number): readonly Point[] {
  if (hull.length <= maxVertices) return hull
  const step = hull.length / maxVertices
  return Array.from({ length: maxVertices }, (_, i) => hull[Math.floor(i * step)]!)
}

/**
 * Orders four corners as [tl, tr, br, bl] on screen (y down): sorted by angle round their centre, then
 * rotated so the first is the one nearest the top-left (smallest x + y).
 */
export function orderQuad(points: readonly Point[]): Quad {
  if (points.length !== 4) throw new RangeError('a quad has four corners')
  const cx = points.reduce((s, p) => s + p.x, 0) / 4
  const cy = points.reduce((s, p) => s + p.y, 0) / 4
  // atan2 with y down: increasing angle runs clockwise on screen, tl → tr → br → bl.
  const sorted = [...points].sort((a, b) => Math.atan2(a.y - cy, a.x - cx) - Math.atan2(b.y - cy, b.x - cx))
  let first = 0
  for (let i = 1; i < 4; i++) if (sorted[i]!.x + sorted[i]!.y < sorted[first]!.x + sorted[first]!.y) first = i
  return [0, 1, 2, 3].map((i) => sorted[(first + i) % 4]!) as Quad
}

/** True when the four corners, in order, make a convex quadrilateral with no corner sharper than `minAngleDeg`. */
export function isConvexQuad(quad: Quad, minAngleDeg = 30): boolean {
  let sign = 0
  for (let i = 0; i < 4; i++) {
    const prev = quad[(i + 3) % 4]!
    const p = quad[i]!
    const next = quad[(i + 1) % 4]!
    const turn = cross(prev, p, next)
    if (turn === 0) return false
    if (sign === 0) sign = Math.sign(turn)
    else if (Math.sign(turn) !== sign) return false
    const ax = prev.x - p.x
    const ay = prev.y - p.y
    const bx = next.x - p.x
    const by = next.y - p.y
    const cos = (ax * bx + ay * by) / (Math.hypot(ax, ay) * Math.hypot(bx, by))
    if ((Math.acos(clampUnit(cos)) * 180) / Math.PI < minAngleDeg) return false
  }
  return true
}

function clampUnit(v: number): number {
  return Math.max(-1, Math.min(1, v))
}

function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y)
}

/**
 * The size of the flattened page: the mean of opposite sides, scaled down to fit `maxLongSide`. For the
 * mild perspective of a hand-held shot this is within a few per cent of the paper's proportions.
 */
export function flatSize(quad: Quad, maxLongSide = Infinity): Size {
  const [tl, tr, br, bl] = quad
  let width = (distance(tl, tr) + distance(bl, br)) / 2
  let height = (distance(tl, bl) + distance(tr, br)) / 2
  const scale = Math.min(1, maxLongSide / Math.max(width, height))
  width *= scale
  height *= scale
  return { width: Math.max(1, Math.round(width)), height: Math.max(1, Math.round(height)) }
}

/** A 3×3 projective transform, row-major, h[8] = 1. */
export type Homography = Float64Array

/**
 * The homography taking each `from[i]` to `to[i]` (four pairs, no three collinear), solved as the usual 8×8
 * linear system (linear.ts). Null when the corners are degenerate.
 */
export function homography(from: Quad, to: Quad): Homography | null {
  const m: number[][] = []
  for (let i = 0; i < 4; i++) {
    const { x, y } = from[i]!
    const { x: u, y: v } = to[i]!
    m.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u])
    m.push([0, 0, 0, x, y, 1, -v * x, -v * y, v])
  }
  const solution = solveAugmented(m)
  if (!solution) return null
  const h = new Float64Array(9)
  h.set(solution)
  h[8] = 1
  return h
}

/** Applies a homography to a point. */
export function project(h: Homography, p: Point): Point {
  const w = h[6]! * p.x + h[7]! * p.y + h[8]!
  return { x: (h[0]! * p.x + h[1]! * p.y + h[2]!) / w, y: (h[3]! * p.x + h[4]! * p.y + h[5]!) / w }
}

/** The corners of a w×h rectangle as a quad, [tl, tr, br, bl]. */
export function rectQuad({ width, height }: Size): Quad {
  return [
    { x: 0, y: 0 },
    { x: width, y: 0 },
    { x: width, y: height },
    { x: 0, y: height },
  ]
}

/** Scales a quad's coordinates, e.g. from normalised (0–1) to a page's pixels. */
export function scaleQuad(quad: Quad, sx: number, sy: number): Quad {
  return quad.map((p) => ({ x: p.x * sx, y: p.y * sy })) as Quad
}

/** The largest distance between matching corners. */
export function cornerError(a: Quad, b: Quad): number {
  return Math.max(...a.map((p, i) => distance(p, b[i]!)))
}

/**
 * A sheet running off the photo past one of its corners shows as five-sided: the photo's edge cuts that corner
 * off. The largest quad inside it keeps one end of the cut and runs a side across the paper to the next corner.
 * Each such corner of `quad` (a corner on a stretch of `hull` lying along the edge of the photo, `size`) is moved
 * to where the sheet's two sides that reach that stretch would meet, beyond the photo: from the neighbouring
 * corners through the stretch's two ends. A corner is left where it is when the sides would meet further past
 * the edge than `reach` of the photo's width (left and right) or height (top and bottom), or the quad would not
 * stay convex; so is a side lying along the edge (a sheet running off a whole side, whose far corners the
 * photo cannot show).
 */
export function completeCutCorners(quad: Quad, hull: readonly Point[], { width, height }: Size, reach: number): Quad {
  const near = 2
  const minCut = Math.hypot(width, height) * 0.02
  const beyond = (p: Point) => Math.max(-p.x / width, p.x / width - 1, -p.y / height, p.y / height - 1)
  let completed = quad
  for (let k = 0; k < hull.length; k++) {
    const a = hull[k]!
    const b = hull[(k + 1) % hull.length]!
    const alongEdge = (a.x === b.x && (a.x === 0 || a.x === width)) || (a.y === b.y && (a.y === 0 || a.y === height))
    if (!alongEdge || distance(a, b) < minCut) continue
    const onCut = completed.flatMap((p, i) => (distanceToSegment(p, a, b) <= near ? [i] : []))
    if (onCut.length !== 1) continue
    const i = onCut[0]!
    const previous = completed[(i + 3) % 4]!
    const next = completed[(i + 1) % 4]!
    if (distanceToLine(previous, a, b) <= near || distanceToLine(next, a, b) <= near) continue
    // Each neighbour's side reaches the photo's edge at the end of the cut nearer to it.
    const [toPrevious, toNext] = distance(previous, a) + distance(next, b) <= distance(previous, b) + distance(next, a) ? [a, b] : [b, a]
    const corner = lineCrossing(previous, toPrevious, next, toNext)
    if (!corner || beyond(corner) <= 0 || beyond(corner) > reach) continue
    const candidate = completed.map((p, j) => (j === i ? corner : p)) as Quad
    if (isConvexQuad(candidate)) completed = candidate
  }
  return completed
}

/** Where the line through a and b crosses the line through c and d; null when they are (nearly) parallel. */
function lineCrossing(a: Point, b: Point, c: Point, d: Point): Point | null {
  const denominator = (a.x - b.x) * (c.y - d.y) - (a.y - b.y) * (c.x - d.x)
  if (Math.abs(denominator) < 1e-9 * (distance(a, b) * distance(c, d) || 1)) return null
  const s = ((a.x - c.x) * (c.y - d.y) - (a.y - c.y) * (c.x - d.x)) / denominator
  return { x: a.x + s * (b.x - a.x), y: a.y + s * (b.y - a.y) }
}

function distanceToLine(p: Point, a: Point, b: Point): number {
  return Math.abs(cross(a, b, p)) / (distance(a, b) || 1)
}

function distanceToSegment(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x
  const dy = b.y - a.y
  const t = Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy || 1)))
  return Math.hypot(p.x - a.x - t * dx, p.y - a.y - t * dy)
}

/**
 * The part of convex polygon `subject` inside convex polygon `clip` (Sutherland–Hodgman: clipped by the inner
 * side of each of `clip`'s edges in turn); empty when they do not overlap.
 */
export function clipPolygon(subject: readonly Point[], clip: readonly Point[]): Point[] {
  let turn = 0
  for (let i = 0; i < clip.length; i++) turn += cross({ x: 0, y: 0 }, clip[i]!, clip[(i + 1) % clip.length]!)
  let output = [...subject]
  for (let i = 0; i < clip.length && output.length; i++) {
    const [a, b] = [clip[i]!, clip[(i + 1) % clip.length]!]
    const side = (p: Point) => Math.sign(turn) * cross(a, b, p)
    const input = output
    output = []
    for (let j = 0; j < input.length; j++) {
      const [p, q] = [input[j]!, input[(j + 1) % input.length]!]
      const [sp, sq] = [side(p), side(q)]
      if (sp >= 0) output.push(p)
      if (sp * sq < 0) output.push({ x: p.x + ((q.x - p.x) * sp) / (sp - sq), y: p.y + ((q.y - p.y) * sp) / (sp - sq) })
    }
  }
  return output
}
