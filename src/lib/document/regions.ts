/**
 * Bright regions of a small grey image at one threshold: the largest connected region and the measures that
 * say whether it is shaped like a sheet of paper. The detector asks this at many thresholds.
 */
import { convexHull, largestQuadInHull, polygonArea, type Point } from './geometry'
import type { GreyImage } from './raster'

/** The largest region at or above one threshold, described by its shape. */
export interface Region {
  threshold: number
  /** Pixels in the region. */
  count: number
  /** Corners of the largest quadrilateral inside the region's hull, in pixels (unordered). */
  quad: Point[]
  quadArea: number
  /** Quad area over hull area: 1 for a region that is a quadrilateral. */
  quadness: number
  /** Row-span area over hull area: how convex the outline is, ignoring holes such as text. */
  solidity: number
  /** Pixels over row-span area: how much of the outline is bright (text lowers it a little). */
  density: number
  /** Quad area over the image's. */
  areaFraction: number
}

/**
 * The largest 4-connected region of pixels ≥ `threshold`, measured; null when it is too small to matter
 * (under `minFraction` of the image). `labels` is scratch space of the image's pixel count, reused by the caller.
 */
export function largestRegion(image: GreyImage, threshold: number, labels: Int32Array, minFraction = 0.02): Region | null {
  const { width, height, data } = image
  const total = width * height
  labels.fill(0)
  const stack = new Int32Array(total)
  let bestLabel = 0
  let bestCount = 0
  let label = 0
  for (let start = 0; start < total; start++) {
    if (labels[start] !== 0 || data[start]! < threshold) continue
    label++
    let top = 0
    stack[top++] = start
    labels[start] = label
    let count = 0
    while (top > 0) {
      const i = stack[--top]!
      count++
      const x = i % width
      const visit = (j: number) => {
        if (labels[j] !== 0 || data[j]! < threshold) return
        labels[j] = label
        stack[top++] = j
      }
      if (x > 0) visit(i - 1)
      if (x < width - 1) visit(i + 1)
      if (i >= width) visit(i - width)
      if (i + width < total) visit(i + width)
    }
    if (count > bestCount) [bestCount, bestLabel] = [count, label]
  }
  if (bestCount < minFraction * total) return null

  const edges: Point[] = []
  let spanArea = 0
  for (let y = 0; y < height; y++) {
    let min = -1
    let max = -1
    const row = y * width
    for (let x = 0; x < width; x++) {
      if (labels[row + x] !== bestLabel) continue
      if (min < 0) min = x
      max = x
    }
    if (min < 0) continue
    spanArea += max - min + 1
    // Pixel edges, not centres, so a region filling the image has the image's own corners.
    edges.push({ x: min, y }, { x: max + 1, y }, { x: min, y: y + 1 }, { x: max + 1, y: y + 1 })
  }
  const hull = convexHull(edges)
  const hullArea = polygonArea(hull)
  const quad = largestQuadInHull(hull)
  if (!quad || hullArea <= 0) return null
  const quadArea = polygonArea(quad)
  return {
    threshold,
    count: bestCount,
    quad,
    quadArea,
    quadness: quadArea / hullArea,
    solidity: spanArea / hullArea,
    density: bestCount / spanArea,
    areaFraction: quadArea / total,
  }
}
