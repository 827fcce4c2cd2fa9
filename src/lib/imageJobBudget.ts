/**
 * How many image jobs may run at once: as many as the cores allow and the memory budget holds, each job's
 * pixels counted before it starts, and one at a time once memory is tight (at or above `gc_threshold`).
 * Pure: the pool (`orderedPool.ts`) asks, the image worker client supplies the figures.
 */
import { orientedSize, planDecode, type Size } from './decodeTarget'

/** Never more image workers than this, however many cores: each holds a decoder and a page's canvases. */
export const MAX_IMAGE_WORKERS = 4

/** Bytes a decoded or drawn pixel holds (RGBA). */
const BYTES_PER_PIXEL = 4

/** The most image jobs at once on a device with `cores` logical cores (`navigator.hardwareConcurrency`). */
export function imageJobSlots(cores: number | null | undefined, max = MAX_IMAGE_WORKERS): number {
  const known = typeof cores === 'number' && Number.isFinite(cores) && cores >= 1 ? Math.floor(cores) : 1
  return Math.max(1, Math.min(known, max))
}

/** What a photo costs in the worker, from what its header said. */
export interface ImageJobShape {
  /** Stored size from the header; null when the header did not say (the cost is then unknown). */
  coded: Size | null
  /** EXIF orientation 1–8. */
  orientation: number
  /** Whether the decoder scales while decoding (Chromium's JPEG path); otherwise it decodes at full size. */
  scaledDecode: boolean
  maxPagePx: number
  /** Whether the page is also found, flattened and given a look (see SHAPED_PAGES). */
  shaped: boolean
}

/**
 * Pages' worth of pixels a shaped job holds at its peak, the decoded bitmap being closed by then: the page
 * canvas and its flattened copy for a moment, the readability bands' read, the halved copies the look
 * and detection read, and the look's paper field (a quarter of the page's pixels when the page is small,
 * a sixteenth on a 3 MP page: documentDrawing.ts). Measured on a 3 MP page (docs/benchmarks.md): the step
 * adds ~5–11 MB at the peak, within the 1.5 pages (18 MB) beyond the page that this counts.
 */
export const SHAPED_PAGES = 2.5

/**
 * The pixels one job holds at its peak, or null when the header gave no size. The decoded bitmap and the
 * page canvas live together for a moment; shaping then holds SHAPED_PAGES pages.
 */
export function imageJobPixels(shape: ImageJobShape): number | null {
  if (!shape.coded) return null
  const shown = orientedSize(shape.coded, shape.orientation)
  const plan = planDecode(shown, shape.maxPagePx)
  const decoded = shape.scaledDecode ? plan.decode : shown
  const page = plan.target.width * plan.target.height
  const decoding = decoded.width * decoded.height + page
  return shape.shaped ? Math.max(decoding, Math.ceil(page * SHAPED_PAGES)) : decoding
}

/** The figures one admission is judged on. */
export interface ImageJobAdmission {
  /** Jobs running now; their pixels are already in `accountBytes`. */
  running: number
  /** The next job's pixels (`imageJobPixels`), or null when unknown. */
  nextPixels: number | null
  /** `navigator.hardwareConcurrency`. */
  cores: number | null | undefined
  /** The memory store's own account now (held Blobs, object URLs, pixels being decoded × 4). */
  accountBytes: number
  budgetBytes: number
  /** The ratio the memory level is judged on now (the higher of the heap's and the account's). */
  ratio: number
  gcThreshold: number
}

/**
 * Whether one more image job may start. The first always may (one at a time is how a page gets made at all;
 * whether a capture is accepted is the memory level's call, made earlier). Another may while there is a
 * free core, memory is below `gc_threshold`, and the account with this job's pixels added stays below it
 * too. A job of unknown size waits until it can run alone.
 */
export function mayStartImageJob(input: ImageJobAdmission): boolean {
  if (input.running <= 0) return true
  if (input.running >= imageJobSlots(input.cores)) return false
  if (input.nextPixels === null || !(input.budgetBytes > 0)) return false
  if (!(input.ratio < input.gcThreshold)) return false
  return (input.accountBytes + input.nextPixels * BYTES_PER_PIXEL) / input.budgetBytes < input.gcThreshold
}
