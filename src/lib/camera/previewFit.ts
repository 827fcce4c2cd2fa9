/**
 * Where a video's frame lands inside the element that shows it, by CSS `object-fit`, and a frame's
 * normalised corners mapped onto that element, so an overlay drawn in the element's box sits on the page
 * the clerk sees. Pure: the camera measures the element and the frame, this only does the arithmetic.
 */
import type { Point, Quad } from '../document/geometry'

export interface Size {
  width: number
  height: number
}

/** The frame's displayed rectangle in the element's box (may overhang the box under `cover`). */
export interface FittedRect {
  x: number
  y: number
  width: number
  height: number
}

/** The `object-fit` values a <video> can have; `scale-down` acts as `contain` for a frame larger than its box. */
export type ObjectFit = 'contain' | 'cover' | 'fill' | 'none' | 'scale-down'

/** Reads a computed `object-fit`, treating anything unknown as the <video> default, `contain`. */
export function parseObjectFit(value: string | null | undefined): ObjectFit {
  return value === 'cover' || value === 'fill' || value === 'none' || value === 'scale-down' ? value : 'contain'
}

/**
 * The rectangle a `frame`-sized image fills inside a `box` under `fit`, centred as `object-position: 50% 50%`
 * (the default) places it. A zero-sized frame or box gives an empty rectangle at the box's centre.
 */
export function fitRect(frame: Size, box: Size, fit: ObjectFit): FittedRect {
  if (frame.width <= 0 || frame.height <= 0 || box.width <= 0 || box.height <= 0) {
    return { x: box.width / 2, y: box.height / 2, width: 0, height: 0 }
  }
  let scaleX: number
  let scaleY: number
  if (fit === 'fill') {
    scaleX = box.width / frame.width
    scaleY = box.height / frame.height
  } else {
    const contain = Math.min(box.width / frame.width, box.height / frame.height)
    const cover = Math.max(box.width / frame.width, box.height / frame.height)
    const scale = fit === 'cover' ? cover : fit === 'none' ? 1 : fit === 'scale-down' ? Math.min(1, contain) : contain
    scaleX = scale
    scaleY = scale
  }
  const width = frame.width * scaleX
  const height = frame.height * scaleY
  return { x: (box.width - width) / 2, y: (box.height - height) / 2, width, height }
}

/** Corners normalised to the frame (0–1) as points in the element's box. */
export function quadInBox(corners: Quad, rect: FittedRect): Quad {
  return corners.map((p: Point) => ({ x: rect.x + p.x * rect.width, y: rect.y + p.y * rect.height })) as Quad
}

/** SVG `points` for a quad, rounded to a tenth of a pixel. */
export function svgPoints(quad: Quad): string {
  return quad.map((p) => `${Math.round(p.x * 10) / 10},${Math.round(p.y * 10) / 10}`).join(' ')
}
