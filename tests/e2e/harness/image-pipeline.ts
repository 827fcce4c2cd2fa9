/**
 * A page that exposes the real image worker client to Playwright as `window.harness`. Bytes come in as
 * base64 (the fixtures live outside the repo), results go out as plain data a test can assert on.
 */
import {
  createImageWorkerClient,
  ImageRejectedError,
  type ImagePipelineMode,
  type ImageWorkerClient,
  type ImageWorkerSnapshot,
  type NormalizedImage,
} from '../../../src/workers/imageWorkerClient'
import { DEFAULT_MAX_PAGE_PX } from '../../../src/lib/decodeTarget'
import { flatSize, scaleQuad, type Quad } from '../../../src/lib/document/geometry'
import { documentLevel, paperCells } from '../../../src/lib/document/looks'
import { toGrey, type RgbaImage } from '../../../src/lib/document/raster'
import { warpPerspective } from '../../../src/lib/document/warp'
import type { DocumentRequest } from '../../../src/workers/imageProtocol'
import { greyBandsBytes, halve, readGreyBands, readRgba, readSmall } from '../../../src/workers/jobs/canvasPixels'

export interface HarnessClientOptions {
  mode?: ImagePipelineMode
  maxPagePx?: number
  /** The first worker made throws on its first message, as a crashed worker would. */
  crashFirstWorker?: boolean
  /** Calls `restart()` as soon as the worker reports it is decoding, once. */
  restartWhenDecoding?: boolean
  /** Logical cores the pool may use (the browser's own count when absent). */
  cores?: number
  /**
   * A memory reading for the pool's admission, to which the pixels the client reports are added as the
   * memory store adds them (none: only the cores bound it).
   */
  memory?: { accountBytes: number; budgetBytes: number; ratio: number; gcThreshold: number }
}

export interface PictureInfo {
  type: string
  bytes: number
  /** Size as an <img> would show it (EXIF orientation applied). */
  width: number
  height: number
}

export type HarnessOutcome =
  | {
      ok: true
      fileName: string
      kind: 'image' | 'pdf'
      width: number
      height: number
      mime: string
      keptOriginal: boolean
      sameBlobAsInput: boolean
      page: PictureInfo | null
      thumb: PictureInfo | null
      decoded: { width: number; height: number; method: string } | null
      /** What document shaping did, when it was asked for and done. */
      document: {
        detection: string
        corners: Quad | null
        look: string
        turn: number
        problems: string[]
        originalBytes: number
        originalType: string
        originalIsInput: boolean
      } | null
    }
  | { ok: false; fileName: string; name: string; reason: string | null; message: string }

const inputs = new Map<string, Blob>()
const outputs = new Map<string, Blob>()
let client: ImageWorkerClient | null = null
let decodingReports: number[] = []
let snapshots: ImageWorkerSnapshot[] = []
let workersMade = 0
// The long side the client makes pages at (its default unless the test set one).
let maxPagePx = DEFAULT_MAX_PAGE_PX

const realWorker = () => new Worker(new URL('../../../src/workers/imageNormalizer.worker.ts', import.meta.url), { type: 'module' })

function createClient(options: HarnessClientOptions = {}): void {
  client?.terminate()
  decodingReports = []
  snapshots = []
  workersMade = 0
  maxPagePx = options.maxPagePx ?? DEFAULT_MAX_PAGE_PX
  let restarted = false
  const memory = options.memory
  client = createImageWorkerClient({
    mode: options.mode,
    maxPagePx: options.maxPagePx,
    cores: options.cores,
    memory:
      memory &&
      (() => {
        const accountBytes = memory.accountBytes + (decodingReports.at(-1) ?? 0) * 4
        return { ...memory, accountBytes, ratio: Math.max(memory.ratio, accountBytes / memory.budgetBytes) }
      }),
    createWorker: () => {
      workersMade += 1
      if (options.crashFirstWorker && workersMade === 1) {
        const script = new Blob(['self.onmessage = () => { throw new Error("simulated crash") }'], { type: 'text/javascript' })
        return new Worker(URL.createObjectURL(script))
      }
      return realWorker()
    },
    onDecoding: (pixels) => {
      decodingReports.push(pixels)
      if (options.restartWhenDecoding && pixels > 0 && !restarted) {
        restarted = true
        client?.restart()
      }
    },
    onStateChange: (snapshot) => snapshots.push(snapshot),
  })
}

function fromBase64(base64: string, type = ''): Blob {
  const binary = atob(base64)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return new Blob([bytes], { type })
}

async function describe(blob: Blob): Promise<PictureInfo> {
  const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' })
  try {
    const head = new Uint8Array(await blob.slice(0, 3).arrayBuffer())
    const isJpeg = head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff
    return { type: isJpeg ? 'image/jpeg' : blob.type, bytes: blob.size, width: bitmap.width, height: bitmap.height }
  } finally {
    bitmap.close()
  }
}

/** Runs one stored input through the client; `keepAs` keeps the output page for later comparisons. */
async function normalize(inputKey: string, fileName: string, keepAs?: string, document?: DocumentRequest): Promise<HarnessOutcome> {
  return report(fileName, inputKey, settle(start(inputKey, fileName, document)), keepAs)
}

function start(inputKey: string, fileName: string, document?: DocumentRequest) {
  const file = inputs.get(inputKey)
  if (!file) throw new Error(`no input ${inputKey}`)
  if (!client) createClient()
  return client!.normalize(file, { fileName, document })
}

function settle<T>(promise: Promise<T>): Promise<{ value: T } | { error: unknown }> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  )
}

async function report(
  fileName: string,
  inputKey: string,
  settled: Promise<{ value: NormalizedImage } | { error: unknown }>,
  keepAs?: string,
): Promise<HarnessOutcome> {
  const result = await settled
  if ('error' in result) {
    const { error } = result
    return {
      ok: false,
      fileName,
      name: error instanceof Error ? error.name : typeof error,
      reason: error instanceof ImageRejectedError ? error.reason : null,
      message: error instanceof Error ? error.message : String(error),
    }
  }
  const image = result.value
  if (keepAs) outputs.set(keepAs, image.page)
  // The kept original becomes an input, as the pages store hands it back to the worker to shape again.
  if (keepAs && image.document) inputs.set(`${keepAs}:original`, image.document.original)
  return {
    ok: true,
    fileName,
    kind: image.kind,
    width: image.width,
    height: image.height,
    mime: image.mime,
    keptOriginal: image.keptOriginal,
    sameBlobAsInput: image.page === inputs.get(inputKey),
    page: image.kind === 'image' ? await describe(image.page) : null,
    thumb: image.thumb ? await describe(image.thumb) : null,
    decoded: image.decoded ?? null,
    document: image.document
      ? {
          detection: image.document.detection,
          corners: image.document.corners,
          look: image.document.look,
          turn: image.document.turn,
          problems: image.document.problems,
          originalBytes: image.document.original.size,
          originalType: image.document.original.type,
          originalIsInput: await sameBytes(image.document.original, inputs.get(inputKey)),
        }
      : null,
  }
}

/** Whether two Blobs hold the same bytes (one that crossed to the worker and back is another Blob object). */
async function sameBytes(a: Blob, b: Blob | undefined): Promise<boolean> {
  if (!b || a.size !== b.size) return false
  const [x, y] = await Promise.all([a.bytes(), b.bytes()])
  return x.every((byte, i) => byte === y[i])
}

/** Starts several jobs at once; `finished` lists them in the order the client settled them. */
async function normalizeAll(
  items: { inputKey: string; fileName: string; document?: DocumentRequest }[],
): Promise<{ finished: string[]; outcomes: HarnessOutcome[] }> {
  const finished: string[] = []
  const settled = items.map((item) =>
    settle(start(item.inputKey, item.fileName, item.document).finally(() => finished.push(item.fileName))),
  )
  const outcomes = await Promise.all(items.map((item, k) => report(item.fileName, item.inputKey, settled[k]!)))
  return { finished, outcomes }
}

/** Starts `items`, terminates the client at once, then tries one more: every one should be refused. */
async function normalizeThenTerminate(items: { inputKey: string; fileName: string }[]) {
  const settled = items.map((item) => settle(start(item.inputKey, item.fileName)))
  client!.terminate()
  const later = settle(start(items[0]!.inputKey, 'after-terminate.jpg'))
  const outcomes = await Promise.all([
    ...items.map((item, k) => report(item.fileName, item.inputKey, settled[k]!)),
    report('after-terminate.jpg', items[0]!.inputKey, later),
  ])
  return { outcomes, state: { state: client!.state, processed: client!.processed, queued: client!.queued } }
}

/** A photo-like JPEG drawn in the browser: gradients and shapes, so it compresses like a real one. */
async function generateJpeg(key: string, width: number, height: number): Promise<number> {
  const canvas = new OffscreenCanvas(width, height)
  const context = canvas.getContext('2d')!
  const gradient = context.createLinearGradient(0, 0, width, height)
  gradient.addColorStop(0, '#f4efe4')
  gradient.addColorStop(1, '#8a7f70')
  context.fillStyle = gradient
  context.fillRect(0, 0, width, height)
  for (let i = 0; i < 400; i++) {
    context.fillStyle = `hsl(${(i * 37) % 360} 40% ${30 + (i % 50)}%)`
    context.fillRect(((i * 7919) % width) | 0, ((i * 104729) % height) | 0, width / 40, height / 60)
  }
  context.fillStyle = '#111'
  context.font = `${Math.round(height / 30)}px sans-serif`
  for (let line = 1; line < 28; line++)
    context.fillText(`Line ${line}  Artikel ${line * 13}   ${(line * 1.37).toFixed(2)} EUR`, width / 10, (line * height) / 29)
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })
  canvas.width = 0
  canvas.height = 0
  inputs.set(key, blob)
  return blob.size
}

/**
 * A spoilt copy of the photo `key` as `into`, made with the canvas's filters: `blurred` (a hand that moved,
 * `px` of blur) or `dark` (an underexposed shot).
 */
async function spoil(key: string, into: string, how: 'blurred' | 'dark', px = 4): Promise<void> {
  const source = inputs.get(key)
  if (!source) throw new Error(`no input ${key}`)
  const bitmap = await createImageBitmap(source)
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height)
  const context = canvas.getContext('2d')!
  context.filter = how === 'blurred' ? `blur(${px}px)` : 'brightness(0.35)'
  context.drawImage(bitmap, 0, 0)
  bitmap.close()
  inputs.set(into, await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 }))
  canvas.width = canvas.height = 0
}

/** A PNG with a transparent background and one opaque dark block in the middle. */
async function generateTransparentPng(key: string, width: number, height: number): Promise<void> {
  const canvas = new OffscreenCanvas(width, height)
  const context = canvas.getContext('2d')!
  context.fillStyle = '#203040'
  context.fillRect(width / 4, height / 4, width / 2, height / 2)
  inputs.set(key, await canvas.convertToBlob({ type: 'image/png' }))
}

/** The colour of a kept output's top-left corner and centre, as [r, g, b]. */
async function cornerAndCentre(outputKey: string): Promise<{ corner: number[]; centre: number[] }> {
  const bitmap = await createImageBitmap(outputs.get(outputKey)!)
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height)
  const context = canvas.getContext('2d')!
  context.drawImage(bitmap, 0, 0)
  const at = (x: number, y: number) => [...context.getImageData(x, y, 1, 1).data.subarray(0, 3)]
  const result = { corner: at(2, 2), centre: at(bitmap.width >> 1, bitmap.height >> 1) }
  bitmap.close()
  return result
}

/**
 * How far `rotated` is from `original` turned a quarter clockwise and a quarter anticlockwise (mean
 * absolute difference per channel, 0–255, on a 64-pixel grid): a correct EXIF 6 rotation is near the first.
 */
async function rotationDistance(originalKey: string, rotatedKey: string): Promise<{ clockwise: number; anticlockwise: number }> {
  const [original, rotated] = [outputs.get(originalKey), outputs.get(rotatedKey)]
  if (!original || !rotated) throw new Error('keep both outputs first')
  const size = 64
  const sample = async (blob: Blob, turn: number) => {
    const bitmap = await createImageBitmap(blob)
    const canvas = new OffscreenCanvas(size, size)
    const context = canvas.getContext('2d')!
    context.translate(size / 2, size / 2)
    context.rotate(turn)
    context.drawImage(bitmap, -size / 2, -size / 2, size, size)
    bitmap.close()
    return context.getImageData(0, 0, size, size).data
  }
  const target = await sample(rotated, 0)
  const distance = (data: Uint8ClampedArray) => data.reduce((sum, value, i) => sum + Math.abs(value - target[i]!), 0) / data.length
  return { clockwise: distance(await sample(original, Math.PI / 2)), anticlockwise: distance(await sample(original, -Math.PI / 2)) }
}

async function pixelsOf(blob: Blob, longSide = Infinity): Promise<ImageData> {
  const full = await createImageBitmap(blob)
  const scale = Math.min(1, longSide / Math.max(full.width, full.height))
  const resize = {
    resizeWidth: Math.round(full.width * scale),
    resizeHeight: Math.round(full.height * scale),
    resizeQuality: 'high' as const,
  }
  const bitmap = scale < 1 ? await createImageBitmap(full, resize) : full
  if (bitmap !== full) full.close()
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height)
  const context = canvas.getContext('2d')!
  context.drawImage(bitmap, 0, 0)
  bitmap.close()
  return context.getImageData(0, 0, canvas.width, canvas.height)
}

/** Each pixel the mean of a `block`² block, as the worker's halvings make it. */
function blockMeans(image: RgbaImage, block: number): RgbaImage {
  const width = Math.round(image.width / block)
  const height = Math.round(image.height / block)
  const data = new Uint8ClampedArray(width * height * 4)
  for (let i = 0; i < width * height; i++) {
    const [bx, by] = [(i % width) * block, Math.floor(i / width) * block]
    for (let k = 0; k < 4; k++) {
      let sum = 0
      let n = 0
      for (let y = by; y < Math.min(image.height, by + block); y++)
        for (let x = bx; x < Math.min(image.width, bx + block); x++, n++) sum += image.data[(y * image.width + x) * 4 + k]!
      data[i * 4 + k] = n ? sum / n : 255
    }
  }
  return { width, height, data }
}

/** The Document look as the pure maths describes it: documentLevel over the paper interpolated between cells. */
function documentReference(page: RgbaImage): RgbaImage {
  const cells = paperCells(blockMeans(page, 4), 4, page)
  const data = new Uint8ClampedArray(page.data.length)
  const clampTo = (v: number, n: number) => Math.min(n - 1, Math.max(0, v))
  for (let y = 0; y < page.height; y++) {
    const gy = clampTo((y + 0.5) / cells.cell - 0.5, cells.rows)
    const [y0, fy] = [Math.floor(gy), gy - Math.floor(gy)]
    const y1 = Math.min(cells.rows - 1, y0 + 1)
    for (let x = 0; x < page.width; x++) {
      const gx = clampTo((x + 0.5) / cells.cell - 0.5, cells.columns)
      const [x0, fx] = [Math.floor(gx), gx - Math.floor(gx)]
      const x1 = Math.min(cells.columns - 1, x0 + 1)
      const o = (y * page.width + x) * 4
      for (let k = 0; k < 3; k++) {
        const at = (cx: number, cy: number) => cells.colours[(cy * cells.columns + cx) * 3 + k]!
        const top = at(x0, y0) * (1 - fx) + at(x1, y0) * fx
        const bottom = at(x0, y1) * (1 - fx) + at(x1, y1) * fx
        data[o + k] = documentLevel(page.data[o + k]!, top * (1 - fy) + bottom * fy)
      }
      data[o + 3] = 255
    }
  }
  return { width: page.width, height: page.height, data }
}

/**
 * How far the worker's page `outputKey` is from what the pure maths makes of the kept original
 * `originalKey` with `corners` (normalised), each moved right by `shift` of the width (0 for the same crop):
 * warpPerspective, then for `document` documentLevel over paperCells. The mean absolute difference per
 * channel (0–255): the worker draws with canvas patches and composites, and this says they draw the same page.
 */
async function distanceFromReference(outputKey: string, originalKey: string, corners: Quad, look: 'original' | 'document', shift = 0) {
  const [output, original] = [outputs.get(outputKey), inputs.get(originalKey)]
  if (!output || !original) throw new Error('keep the output and its original first')
  // The original may be the photo as it came: the maths starts from it at page size, as the worker does.
  const photo = await pixelsOf(original, maxPagePx)
  const inPixels = scaleQuad(corners.map((p) => ({ x: p.x + shift, y: p.y })) as Quad, photo.width, photo.height)
  const flat = warpPerspective(photo, inPixels, flatSize(inPixels, Math.max(photo.width, photo.height)))
  const reference = look === 'document' ? documentReference(flat) : flat
  const made = await pixelsOf(output)
  if (made.width !== reference.width || made.height !== reference.height) throw new Error('the pages differ in size')
  let sum = 0
  for (let i = 0; i < made.data.length; i++) if (i % 4 !== 3) sum += Math.abs(made.data[i]! - reference.data[i]!)
  return sum / ((made.data.length / 4) * 3)
}

/**
 * The document step's readers (readGreyBands, readRgba) on a canvas of many colours, each pixel's red, green
 * and blue different, against getImageData and toGrey on the same canvas: the largest difference of each.
 */
async function canvasReadsAgainstImageData() {
  const size = { width: 301, height: 97 }
  const canvas = new OffscreenCanvas(size.width, size.height)
  const context = canvas.getContext('2d')!
  const drawn = context.createImageData(size.width, size.height)
  for (let i = 0; i < drawn.data.length; i += 4) {
    drawn.data.set([(i * 7) % 256, (i * 13 + 90) % 256, (i * 29 + 200) % 256, 255], i)
  }
  context.putImageData(drawn, 0, 0)
  const expected = context.getImageData(0, 0, size.width, size.height)
  const grey = toGrey(expected).data
  const sample = { rows: 8, every: 32 }
  const { bands } = await readGreyBands(canvas, size, new Uint8Array(greyBandsBytes(size, sample)), sample)
  let greyDifference = 0
  for (const band of bands) {
    const rows = grey.subarray(band.y * size.width, band.y * size.width + band.data.length)
    for (let i = 0; i < rows.length; i++) greyDifference = Math.max(greyDifference, Math.abs(rows[i]! - band.data[i]!))
  }
  const rgba = await readRgba(canvas, size, new Uint8ClampedArray(size.width * size.height * 4))
  let rgbaDifference = 0
  for (let i = 0; i < rgba.data.length; i++) rgbaDifference = Math.max(rgbaDifference, Math.abs(rgba.data[i]! - expected.data[i]!))
  return { bandRows: bands.map((band) => [band.y, band.data.length / size.width]), greyDifference, rgbaDifference }
}

/**
 * A page of print (`width`×`height`) halved twice by the worker's `halve`, against the exact means of its
 * 4×4 blocks: the size made, and the largest and mean difference per channel.
 */
function halvedAgainstBlockMeans(width: number, height: number) {
  const canvas = new OffscreenCanvas(width, height)
  const context = canvas.getContext('2d')!
  context.fillStyle = '#e4ddd0'
  context.fillRect(0, 0, width, height)
  context.fillStyle = '#1d2330'
  context.font = '15px sans-serif'
  for (let y = 18; y < height; y += 19) context.fillText('TOTAL 12,34 EUR  MwSt 19 % 1,97  Bon 4711 '.repeat(4), (y * 7) % 13, y)
  const page = context.getImageData(0, 0, width, height)
  const halved = halve(canvas, { width, height }, 2)
  const made = readSmall(halved)
  const exact = blockMeans(page, 4)
  let largest = 0
  let sum = 0
  let count = 0
  for (let y = 0; y < Math.min(made.height, exact.height); y++) {
    for (let x = 0; x < Math.min(made.width, exact.width); x++) {
      for (let k = 0; k < 3; k++) {
        const difference = Math.abs(made.data[(y * made.width + x) * 4 + k]! - exact.data[(y * exact.width + x) * 4 + k]!)
        largest = Math.max(largest, difference)
        sum += difference
        count++
      }
    }
  }
  return { size: [made.width, made.height], largest, mean: sum / count }
}

const harness = {
  createClient,
  putBase64: (key: string, base64: string, type?: string) => void inputs.set(key, fromBase64(base64, type)),
  putText: (key: string, text: string, type = 'text/plain') => void inputs.set(key, new Blob([text], { type })),
  generateJpeg,
  generateTransparentPng,
  spoil,
  cornerAndCentre,
  normalize,
  normalizeAll,
  normalizeThenTerminate,
  rotationDistance,
  distanceFromReference,
  canvasReadsAgainstImageData,
  halvedAgainstBlockMeans,
  restart: () => client?.restart(),
  state: () => ({ state: client?.state, processed: client?.processed, queued: client?.queued }),
  decodingReports: () => decodingReports,
  snapshots: () => snapshots,
  /** Workers the client made since `createClient`: one per pool slot it used. */
  workersMade: () => workersMade,
}

export type ImagePipelineHarness = typeof harness
;(window as unknown as { harness: ImagePipelineHarness }).harness = harness
document.body.dataset.ready = 'true'
