/**
 * The document step's page-size drawing, done by the browser's canvas: flattening as affine patches and
 * the Document look as two composites. The maths that says what to draw is in lib/document (warpPatches,
 * documentComposites); reading a page through script and writing it back cost more than all of this.
 */
import type { Size } from '../../lib/decodeTarget'
import type { Quad } from '../../lib/document/geometry'
import { documentComposites, type PaperCells } from '../../lib/document/looks'
import { warpPatches } from '../../lib/document/warpPatches'
import type { DrawSource } from '../canvasSurface'
import { context2d } from './canvasPixels'

/**
 * The part of `source` inside `corners` (its pixels, [tl, tr, br, bl]) flattened onto a new canvas of
 * `size`. Beyond the photo's edge (a corner dragged past it) the page is white, like paper.
 */
export function drawFlattened(source: DrawSource, corners: Quad, size: Size): OffscreenCanvas {
  const canvas = new OffscreenCanvas(size.width, size.height)
  const context = context2d(canvas)
  context.fillStyle = '#fff'
  context.fillRect(0, 0, size.width, size.height)
  context.imageSmoothingEnabled = true
  context.imageSmoothingQuality = 'low'
  for (const { x, y, width, height, transform } of warpPatches(corners, size)) {
    context.save()
    // The clip is set before the transform, on whole pixels: neighbouring cells meet without a seam.
    context.beginPath()
    context.rect(x, y, width, height)
    context.clip()
    context.setTransform(...transform)
    context.drawImage(source, 0, 0)
    context.restore()
  }
  return canvas
}

/**
 * Draws the Document look over the page on `canvas` (its size `size`), whose paper is `cells`. The paper's
 * colour is spread between cell centres on a smaller canvas and drawn up to the page pixel for pixel: scaled
 * with bilinear sampling straight onto the page under `color-dodge`, it took ~21 ms of a 3 MP page (Skia
 * samples at full precision under that blend), at half size ~13 ms, at a quarter (a 3 MP page's cells are
 * 42 px) ~9 ms, of which spreading the colour was ~4.5 ms at half size and ~1 ms at a quarter.
 */
export function drawDocumentLook(canvas: OffscreenCanvas, size: Size, cells: PaperCells): void {
  const { dodge, burn } = documentComposites(cells)
  const backdrop = new OffscreenCanvas(dodge.width, dodge.height)
  context2d(backdrop).putImageData(new ImageData(new Uint8ClampedArray(dodge.data), dodge.width, dodge.height), 0, 0)
  const scale = paperFieldScale(cells.cell)
  const field = new OffscreenCanvas(Math.ceil(size.width / scale), Math.ceil(size.height / scale))
  const fieldContext = context2d(field)
  // Bilinear, so the paper's colour is interpolated between cell centres and no cell's edge shows as a step.
  fieldContext.imageSmoothingEnabled = true
  fieldContext.imageSmoothingQuality = 'low'
  fieldContext.drawImage(backdrop, 0, 0, (cells.columns * cells.cell) / scale, (cells.rows * cells.cell) / scale)
  backdrop.width = backdrop.height = 0
  const context = context2d(canvas)
  context.save()
  context.imageSmoothingEnabled = false
  context.globalCompositeOperation = 'color-dodge'
  context.drawImage(field, 0, 0, field.width * scale, field.height * scale)
  context.globalCompositeOperation = 'color-burn'
  context.fillStyle = `rgb(${burn} ${burn} ${burn})`
  context.fillRect(0, 0, size.width, size.height)
  context.restore()
  field.width = field.height = 0
}

/**
 * How many times smaller than the page the paper field is drawn: each scale × scale block of the page then
 * shares the field's value at its centre, off by at most half a block of the field's slope. The block is at
 * most an eighth of a cell (the field changes across a cell), so a sixteenth of the difference between two
 * neighbouring cells' paper, and 2 px on pages whose cells are under 16 px (as every page had it before).
 */
function paperFieldScale(cell: number): number {
  return 2 ** Math.max(1, Math.floor(Math.log2(cell / 8)))
}
