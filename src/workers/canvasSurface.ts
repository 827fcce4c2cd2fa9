import { smoothingFor, type Size } from '../lib/decodeTarget'

/** The 2D calls a surface makes; OffscreenCanvas's and <canvas>'s contexts both have them. */
type DrawingContext = Pick<OffscreenCanvasRenderingContext2D, 'fillStyle' | 'fillRect' | 'drawImage' | 'imageSmoothingQuality'>

/** Something a surface can draw: a bitmap or a canvas, whose size says how far it is scaled. */
export type DrawSource = CanvasImageSource & Size

/** A canvas of one size: drawn on, drawn from, encoded, then freed. */
export interface Surface {
  /** The canvas itself, to draw from. */
  readonly source: DrawSource
  /** Draws `image` scaled to fill the surface. */
  draw(image: DrawSource): void
  toJpeg(): Promise<Blob>
  /** Hands the pixels back now rather than whenever the canvas is collected. */
  release(): void
}

/** Makes a surface where the code runs: OffscreenCanvas in the worker, <canvas> on the main thread. */
export type CreateSurface = (size: Size) => Surface

/**
 * The Surface over a canvas of exactly `size` (OffscreenCanvas in the worker, <canvas> on the main
 * thread): draws on white, encodes with `toJpeg`, and is released by shrinking the canvas to 0×0.
 */
export function canvasSurface(
  canvas: DrawSource,
  context: DrawingContext | null,
  { width, height }: Size,
  toJpeg: () => Promise<Blob>,
): Surface {
  if (!context) throw new Error('no 2D context')
  return {
    source: canvas,
    draw(image) {
      // JPEG has no transparency: a transparent PNG would come out black without a white sheet under it.
      context.fillStyle = '#fff'
      context.fillRect(0, 0, width, height)
      context.imageSmoothingQuality = smoothingFor(image, { width, height })
      context.drawImage(image, 0, 0, width, height)
    },
    toJpeg,
    release() {
      canvas.width = 0
      canvas.height = 0
    },
  }
}
