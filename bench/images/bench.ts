/**
 * The page side of `npm run bench:images`, exposed as `window.bench`: makes photos, runs one method on
 * one photo at a time, and watches the main thread (stalls, long tasks, JS heap) while it does.
 */
import { describeOutput, METHODS, restartPipeline, runBatch, type BatchName, type MethodName } from './methods'

const inputs = new Map<string, Blob>()

// Counted by the bench itself, not by the app: every object URL made and not yet revoked on this page.
let liveObjectUrls = 0
const create = URL.createObjectURL.bind(URL)
const revoke = URL.revokeObjectURL.bind(URL)
URL.createObjectURL = (object: Blob | MediaSource) => ((liveObjectUrls += 1), create(object))
URL.revokeObjectURL = (url: string) => ((liveObjectUrls -= 1), revoke(url))

// A worker that does nothing, so run.ts can tell this page's renderer process by its worker thread.
new Worker(URL.createObjectURL(new Blob(['setInterval(() => {}, 1e6)'], { type: 'text/javascript' })))

const heapUsed = () => (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0

/** A photo-like JPEG: gradient, coloured blocks, grain and many lines of text, varied by `seed`. */
async function generate(key: string, width: number, height: number, seed = 1): Promise<number> {
  const canvas = new OffscreenCanvas(width, height)
  const context = canvas.getContext('2d')!
  const gradient = context.createLinearGradient(0, 0, width, height)
  gradient.addColorStop(0, `hsl(${seed * 47} 30% 92%)`)
  gradient.addColorStop(1, `hsl(${seed * 47 + 40} 20% 45%)`)
  context.fillStyle = gradient
  context.fillRect(0, 0, width, height)
  for (let i = 0; i < 600; i++) {
    context.fillStyle = `hsl(${(i * 37 + seed * 11) % 360} 45% ${25 + ((i * seed) % 55)}%)`
    context.fillRect((i * 7919 * seed) % width, (i * 104729 + seed * 997) % height, width / 50, height / 70)
  }
  addGrain(context, width, height)
  context.fillStyle = '#161616'
  context.font = `${Math.round(height / 45)}px sans-serif`
  for (let line = 1; line < 44; line++) {
    context.fillText(
      `${seed}-${line}  Artikel ${line * 13 + seed}  Menge ${line % 7}   ${(line * 1.37 * seed).toFixed(2)} EUR`,
      width / 12,
      (line * height) / 45,
    )
  }
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 })
  canvas.width = 0
  canvas.height = 0
  inputs.set(key, blob)
  return blob.size
}

/** Sensor-like grain, so the JPEG is as large as a phone's (smooth drawings compress far better). */
function addGrain(context: OffscreenCanvasRenderingContext2D, width: number, height: number): void {
  const tile = new OffscreenCanvas(256, 256)
  const grain = new ImageData(256, 256)
  for (let i = 0; i < grain.data.length; i += 4) {
    const value = Math.random() * 255
    grain.data.set([value, value * 0.9 + Math.random() * 25, value * 0.8 + Math.random() * 50, 22], i)
  }
  tile.getContext('2d')!.putImageData(grain, 0, 0)
  context.fillStyle = context.createPattern(tile, 'repeat')!
  context.fillRect(0, 0, width, height)
}

/**
 * A photo of the receipt `receiptKey` lying turned on a dark wooden desk, filling most of the frame's height:
 * what the document step finds and flattens (the generated photo above has no page to find).
 */
async function generateDesk(key: string, receiptKey: string, width: number, height: number): Promise<number> {
  const receipt = await createImageBitmap(inputs.get(receiptKey)!)
  const canvas = new OffscreenCanvas(width, height)
  const context = canvas.getContext('2d')!
  const wood = context.createLinearGradient(0, 0, width, height)
  wood.addColorStop(0, '#5a3b22')
  wood.addColorStop(1, '#2e1d10')
  context.fillStyle = wood
  context.fillRect(0, 0, width, height)
  for (let i = 0; i < 90; i++) {
    context.fillStyle = `rgba(20, 10, 4, ${0.05 + (i % 5) * 0.03})`
    context.fillRect(0, (i * height) / 90, width, height / 300)
  }
  const tall = height * 0.86
  const wide = (tall * receipt.width) / receipt.height
  context.save()
  context.translate(width / 2, height / 2)
  context.rotate(0.12)
  context.drawImage(receipt, -wide / 2, -tall / 2, wide, tall)
  context.restore()
  receipt.close()
  addGrain(context, width, height)
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 })
  canvas.width = canvas.height = 0
  inputs.set(key, blob)
  return blob.size
}

async function toBase64(key: string): Promise<string> {
  const bytes = new Uint8Array(await inputs.get(key)!.arrayBuffer())
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

function putBase64(key: string, base64: string): void {
  const binary = atob(base64)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  inputs.set(key, new Blob([bytes], { type: 'image/jpeg' }))
}

/** Converts one photo and returns the wall time in ms (the conversion alone) with the output's size. */
async function run(method: MethodName, key: string) {
  const file = inputs.get(key)
  if (!file) throw new Error(`no input ${key}`)
  const started = performance.now()
  const out = await METHODS[method](file)
  const ms = performance.now() - started
  return { ms, ...(out instanceof Blob ? await describeOutput(out) : out) }
}

/** Makes `count` copies of the photo `key` into pages at once with `name`; the wall time per photo, in ms. */
async function batch(name: BatchName, key: string, count: number) {
  const file = inputs.get(key)
  if (!file) throw new Error(`no input ${key}`)
  // Distinct File objects, as a gallery pick hands over: the same bytes, not the same Blob.
  const files = Array.from({ length: count }, (_, i) => new File([file], `photo-${i}.jpg`, { type: 'image/jpeg' }))
  const started = performance.now()
  const made = await runBatch(name, files)
  return { msPerPhoto: (performance.now() - started) / made }
}

interface Watch {
  /** Longest gap between 5 ms ticks, less the 5 ms: the longest the main thread could not respond. */
  longestStallMs: number
  stallsOver16ms: number
  /** PerformanceObserver 'longtask' entries (Chromium reports tasks of 50 ms and more). */
  longTasks: number
  peakHeap: number
}

let watch: { stop: () => Watch } | null = null

/** Starts watching the main thread until `stopWatch`. */
function startWatch(): void {
  const result: Watch = { longestStallMs: 0, stallsOver16ms: 0, longTasks: 0, peakHeap: heapUsed() }
  let last = performance.now()
  const timer = setInterval(() => {
    const now = performance.now()
    const stall = now - last - 5
    last = now
    if (stall > result.longestStallMs) result.longestStallMs = stall
    if (stall > 16) result.stallsOver16ms += 1
    result.peakHeap = Math.max(result.peakHeap, heapUsed())
  }, 5)
  const observer = new PerformanceObserver((list) => (result.longTasks += list.getEntries().length))
  observer.observe({ type: 'longtask' })
  watch = {
    stop() {
      clearInterval(timer)
      observer.disconnect()
      result.peakHeap = Math.max(result.peakHeap, heapUsed())
      return result
    },
  }
}

function stopWatch(): Watch {
  const result = watch!.stop()
  watch = null
  return result
}

const bench = {
  generate,
  generateDesk,
  toBase64,
  putBase64,
  drop: (key: string) => void inputs.delete(key),
  run,
  batch,
  restartPipeline,
  startWatch,
  stopWatch,
  heap: heapUsed,
  liveObjectUrls: () => liveObjectUrls - 1, // less the marker worker's script URL
  gc: () => (globalThis as { gc?: () => void }).gc?.(),
}

export type ImagesBench = typeof bench
;(window as unknown as { bench: ImagesBench }).bench = bench
document.body.dataset.ready = 'true'
