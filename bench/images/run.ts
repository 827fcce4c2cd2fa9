/**
 * `npm run bench:images`: the app's image pipeline against the usual alternatives, in real Chromium, on
 * generated 12 MP and 48 MP photos and the receipt fixtures; then a 100-photo session through the
 * pipeline. Prints markdown tables and writes them into docs/benchmarks.md. Figures are reported, never
 * asserted: the targets from issue 4 are listed beside them as met or not.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { CDPSession, Page } from 'playwright-core'
import { launchChromium } from '../../tests/e2e/support/browser'
import { startHarnessServer } from '../../tests/e2e/support/devServer'
import { FIXTURES_DIR } from '../../tests/e2e/support/server'
import { BENCHMARKS_DOC, writeBenchSection } from '../support/docs'
import { describeMachine, utcMinute } from '../support/machine'
import type { ImagesBench } from './bench'
import { measureCapture } from './capture'
import type { MethodName } from './methods'
import { findRenderer, readRendererMemory, resetPeak } from './renderer'

const FIXTURES = FIXTURES_DIR
// The receipt laid on the generated desk for the document step's crop figures.
const DESK_RECEIPT = 'aldi_02032020_19_02423.jpg'
const COMMAND = 'npm run bench:images'
/** `BENCH_IMAGES_ONLY=capture npm run bench:images` measures only issue 13's capture rows (minutes, not the full ~45). */
const ONLY_CAPTURE = process.env.BENCH_IMAGES_ONLY === 'capture'
const WARM_UP = 'lidl_02032020_02_00716.jpg'

const METHOD_LABELS: Record<MethodName, string> = {
  pipeline: 'App pipeline (worker: ImageDecoder n/8 → createImageBitmap(frame) → OffscreenCanvas), page + 320 px thumbnail',
  pipelinePage: 'The same, page only (asked for no thumbnail, like the others); timed only',
  pipelineBitmap:
    'WebKit/Safari path, forced here: no ImageDecoder, worker `createImageBitmap(blob, {resize…})` → OffscreenCanvas, page + thumbnail',
  pipelinePrivate:
    'Safari Private Browsing: the WebKit path, then page + thumbnail read into ArrayBuffers for IndexedDB (it refuses Blobs)',
  pipelineMainThread: 'No module worker / OffscreenCanvas (older browsers), forced here: the same on the main thread with a canvas',
  pipelineDocument: 'App pipeline with the document step (find, flatten, `Document` look), page + thumbnail + kept original',
  decodeFloor: 'Floor: the file read and decoded by ImageDecoder at the same n/8 size, nothing else (no resize, no encode); timed only',
  bitmap: '`createImageBitmap(blob, {resize…})` + canvas (main thread)',
  bic: '`browser-image-compression` 2 (its web worker)',
  naive: 'Naive: `<img>` + full-size canvas + `toDataURL`',
}
const METHOD_ORDER: MethodName[] = ['pipeline', 'pipelineBitmap', 'pipelinePrivate', 'pipelineMainThread', 'bitmap', 'bic', 'naive']
// The page-only pipeline and the decode floor are only timed: the first's memory is the pipeline's less one
// 320 px canvas, the second makes no page.
const TIMED_ORDER: MethodName[] = [
  'pipeline',
  'pipelinePage',
  'pipelineBitmap',
  'pipelinePrivate',
  'pipelineMainThread',
  'decodeFloor',
  'bitmap',
  'bic',
  'naive',
]

interface Category {
  id: '12mp' | '48mp' | 'fixtures'
  title: string
  /** The photos of the memory pass, one tab per method. */
  keys: string[]
  /** The photos of the timing pass, the methods taking turns on each: more rounds, as time is the noisier figure. */
  timedKeys: string[]
}

/** A method's time over b-i-c's (or the naive way's), round by round: both ran on the same photo, one after the other. */
interface PairedRatio {
  median: number
  min: number
  max: number
  rounds: number
}

interface CategoryResult {
  medianMs: number
  medianBytes: number
  outputSize: string
  rendererPeakMb: number
  heldAfterGcMb: number
  heapPeakMb: number
  longestStallMs: number
  stallsOver16ms: number
  longTasks: number
  /** From the timing pass; absent when either side of a pair failed. */
  vsBic?: PairedRatio
  vsNaive?: PairedRatio
  error?: string
}

type Bench = ImagesBench
function call<K extends keyof Bench>(page: Page, name: K, ...args: Parameters<Bench[K]>): Promise<Awaited<ReturnType<Bench[K]>>> {
  return page.evaluate(([n, a]) => (window as unknown as { bench: Record<string, (...x: unknown[]) => unknown> }).bench[n]!(...a), [
    name,
    args,
  ] as const) as Promise<Awaited<ReturnType<Bench[K]>>>
}

const MB = 1024 * 1024
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const SETTLE_BETWEEN_RUNS_MS = 250

async function main(): Promise<void> {
  const started = Date.now()
  const vite = await startHarnessServer()
  const url = `${vite.baseUrl}/bench/images/bench.html`
  const chromium = await launchChromium()
  const seenRenderers = new Set<number>()

  async function openPage(): Promise<{ page: Page; cdp: CDPSession; pid: number }> {
    const page = await chromium.context.newPage()
    await page.goto(url)
    await page.waitForSelector('body[data-ready="true"]')
    const pid = await findRenderer(process.pid, seenRenderers)
    seenRenderers.add(pid)
    return { page, cdp: await chromium.context.newCDPSession(page), pid }
  }

  /** Collects garbage and asks Chromium to drop its caches, as it would under memory pressure. */
  async function settle(page: Page, cdp: CDPSession): Promise<void> {
    await call(page, 'gc')
    await cdp.send('Memory.simulatePressureNotification', { level: 'critical' })
    await sleep(400)
    await call(page, 'gc')
    await sleep(200)
  }

  try {
    const version = chromium.browser?.version() ?? 'unknown'
    log(`Chromium ${version}; making photos…`)
    const { page: maker } = await openPage()
    const generated: Record<string, string> = {}
    for (const [key, width, height, seed] of [
      ['12mp-1', 4032, 3024, 1],
      ['12mp-2', 4032, 3024, 2],
      ['12mp-3', 4032, 3024, 3],
      ['48mp', 8000, 6000, 1],
    ] as const) {
      await call(maker, 'generate', key, width, height, seed)
      generated[key] = await call(maker, 'toBase64', key)
    }
    // What the main thread of an idle tab looks like on this machine, as a yardstick for the stall figures.
    await call(maker, 'startWatch')
    await sleep(3000)
    const idle = await call(maker, 'stopWatch')
    await maker.close()
    // The desk photo is made from a cropped receipt scan, so the document step has a page to find and flatten.
    const { page: deskMaker } = await openPage()
    await call(deskMaker, 'putBase64', 'receipt', readFileSync(resolve(FIXTURES, DESK_RECEIPT)).toString('base64'))
    await call(deskMaker, 'generateDesk', '12mp-desk', 'receipt', 4032, 3024)
    generated['12mp-desk'] = await call(deskMaker, 'toBase64', '12mp-desk')
    await deskMaker.close()
    await capture(generated['12mp-1']!, generated['12mp-desk']!)
    if (ONLY_CAPTURE) return
    const fixtures = readdirSync(FIXTURES)
      .filter((name) => name.endsWith('.jpg'))
      .sort()
    const fixtureBase64 = Object.fromEntries(fixtures.map((name) => [name, readFileSync(resolve(FIXTURES, name)).toString('base64')]))
    const inputBytes = (key: string) => Buffer.byteLength(generated[key] ?? fixtureBase64[key] ?? '', 'base64')

    const categories: Category[] = [
      {
        id: '12mp',
        title: `12 MP photo (4032×3024, ${(inputBytes('12mp-1') / MB).toFixed(1)} MB JPEG): time, median of 9 rounds; memory over 5 photos`,
        keys: Array(5).fill('12mp-1'),
        timedKeys: Array(9).fill('12mp-1'),
      },
      {
        id: '48mp',
        title: `48 MP photo (8000×6000, ${(inputBytes('48mp') / MB).toFixed(1)} MB JPEG): time, median of 7 rounds; memory over 3 photos`,
        keys: Array(3).fill('48mp'),
        timedKeys: Array(7).fill('48mp'),
      },
      {
        id: 'fixtures',
        title: `The ${fixtures.length} receipt fixtures (848×2868 to 2552×3508), one pass`,
        keys: fixtures,
        timedKeys: fixtures,
      },
    ]

    const results = new Map<MethodName, Map<Category['id'], CategoryResult>>()
    for (const method of METHOD_ORDER) {
      const byCategory = new Map<Category['id'], CategoryResult>()
      results.set(method, byCategory)
      // A fresh tab for every set, so what one set leaves behind does not count against the next.
      for (const category of categories) {
        log(`${method}, ${category.id}…`)
        const { page, cdp, pid } = await openPage()
        try {
          for (const key of new Set([...category.keys, WARM_UP])) await call(page, 'putBase64', key, generated[key] ?? fixtureBase64[key]!)
          // Warm-up (JIT, worker start, library load) on a small receipt, not measured.
          await call(page, 'run', method, WARM_UP)
          byCategory.set(category.id, await measure(page, cdp, pid, method, category))
        } catch (error) {
          byCategory.set(category.id, failed(error))
        }
        await page.close()
      }
    }

    log('timing, the methods taking turns…')
    await timeInTurns(openPage, categories, results, (key) => generated[key] ?? fixtureBase64[key]!)

    log('100-photo session…')
    const session = await runSession(openPage, settle, generated)
    const markdown = render({ version, results, categories, session, idle, seconds: (Date.now() - started) / 1000 })
    console.log(markdown)
    writeBenchSection('images', 'Images', markdown)
    log(`Wrote ${BENCHMARKS_DOC}`)
  } finally {
    await chromium.close()
    await vite.close()
  }

  /** Issue 13's rows, in their own section of docs/benchmarks.md, so they can be measured on their own. */
  async function capture(photo: string, deskPhoto: string): Promise<void> {
    const captureStarted = Date.now()
    const markdown = await measureCapture(openPage, settle, { photo, deskPhoto }, log)
    const version = chromium.browser?.version() ?? 'unknown'
    const head = `Measured ${utcMinute()} with \`${ONLY_CAPTURE ? `BENCH_IMAGES_ONLY=capture ${COMMAND}` : COMMAND}\` (${((Date.now() - captureStarted) / 1000).toFixed(0)} s for these rows).\nMachine: ${describeMachine(version)}\n\n`
    console.log(head + markdown)
    writeBenchSection('images-capture', 'Images: document capture cost and throughput (issue 13)', head + markdown)
  }

  async function measure(page: Page, cdp: CDPSession, pid: number, method: MethodName, category: Category): Promise<CategoryResult> {
    await settle(page, cdp)
    const base = readRendererMemory(pid)
    const heapBase = await call(page, 'heap')
    resetPeak(pid)
    await call(page, 'startWatch')
    const runs: { ms: number; bytes: number; width: number; height: number }[] = []
    try {
      for (const key of category.keys) runs.push(await call(page, 'run', method, key))
    } catch (error) {
      await call(page, 'stopWatch')
      return failed(error)
    }
    const watch = await call(page, 'stopWatch')
    const peak = readRendererMemory(pid).peakKb
    await settle(page, cdp)
    const after = readRendererMemory(pid)
    const first = runs[0]!
    return {
      medianMs: median(runs.map((r) => r.ms)),
      medianBytes: median(runs.map((r) => r.bytes)),
      outputSize: category.id === 'fixtures' ? 'long side 2000' : `${first.width}×${first.height}`,
      rendererPeakMb: (peak - base.rssKb) / 1024,
      heldAfterGcMb: (after.rssKb - base.rssKb) / 1024,
      heapPeakMb: (watch.peakHeap - heapBase) / MB,
      longestStallMs: watch.longestStallMs,
      stallsOver16ms: watch.stallsOver16ms,
      longTasks: watch.longTasks,
    }
  }
}

/**
 * Replaces each set's median time with one measured with the methods taking turns photo by photo, each in
 * its own tab, so that a busy moment on this shared machine slows them all alike.
 */
async function timeInTurns(
  openPage: () => Promise<{ page: Page }>,
  categories: Category[],
  results: Map<MethodName, Map<Category['id'], CategoryResult>>,
  bytesOf: (key: string) => string,
): Promise<void> {
  const tabs: { method: MethodName; page: Page }[] = []
  for (const method of TIMED_ORDER) {
    const { page } = await openPage()
    for (const key of new Set([...categories.flatMap((c) => c.timedKeys), WARM_UP])) await call(page, 'putBase64', key, bytesOf(key))
    await call(page, 'run', method, WARM_UP).catch(() => undefined)
    tabs.push({ method, page })
  }
  for (const category of categories) {
    // Indexed by round; null where a run failed, so that pairs stay pairs.
    const times = new Map<MethodName, (number | null)[]>(TIMED_ORDER.map((m) => [m, []]))
    const bytes = new Map<MethodName, number[]>(TIMED_ORDER.map((m) => [m, []]))
    for (const [round, key] of category.timedKeys.entries()) {
      // Every other round runs the methods in reverse, so that no method always runs straight after the same
      // one (say, in the wake of the naive method's 350 MB, which its renderer is still giving back).
      for (const { method, page } of round % 2 ? [...tabs].reverse() : tabs) {
        const run = await call(page, 'run', method, key).catch(() => null)
        times.get(method)!.push(run ? run.ms : null)
        if (run) bytes.get(method)!.push(run.bytes)
        // Let this run's garbage go before the next method starts: the naive way leaves ~250 MB, and its
        // collection on the other core would otherwise be charged to whichever method runs next.
        await call(page, 'gc')
        await sleep(SETTLE_BETWEEN_RUNS_MS)
      }
    }
    for (const method of TIMED_ORDER) {
      const rounds = times.get(method)!
      const measured = rounds.filter((ms): ms is number => ms !== null)
      const complete = measured.length === category.timedKeys.length
      if (!results.has(method)) results.set(method, new Map())
      const byCategory = results.get(method)!
      let result = byCategory.get(category.id)
      if (!result) {
        // Timed only: the memory columns stay empty.
        const outputSize = results.get('pipeline')?.get(category.id)?.outputSize ?? '–'
        result = complete ? timedOnly(median(measured), median(bytes.get(method)!), outputSize) : failed(new Error('a run failed'))
        byCategory.set(category.id, result)
      } else if (!result.error && complete) result.medianMs = median(measured)
      if (result.error || !complete) continue
      result.vsBic = pairedRatio(rounds, times.get('bic')!)
      result.vsNaive = pairedRatio(rounds, times.get('naive')!)
    }
  }
  for (const { page } of tabs) await page.close()
}

interface SessionPoint {
  photos: number
  afterRestart?: boolean
  heapMb: number
  rendererMb: number
  liveObjectUrls: number
}

async function runSession(
  openPage: () => Promise<{ page: Page; cdp: CDPSession; pid: number }>,
  settle: (page: Page, cdp: CDPSession) => Promise<void>,
  generated: Record<string, string>,
): Promise<{ points: SessionPoint[]; medianMs: number }> {
  const { page, cdp, pid } = await openPage()
  const keys = ['12mp-1', '12mp-2', '12mp-3']
  for (const key of keys) await call(page, 'putBase64', key, generated[key]!)
  const points: SessionPoint[] = []
  const times: number[] = []
  // Photo 0: the tab with the bench's own three input photos loaded, before any work.
  await settle(page, cdp)
  points.push({
    photos: 0,
    heapMb: (await call(page, 'heap')) / MB,
    rendererMb: readRendererMemory(pid).rssKb / 1024,
    liveObjectUrls: await call(page, 'liveObjectUrls'),
  })
  for (let photo = 1; photo <= 100; photo++) {
    times.push((await call(page, 'run', 'pipeline', keys[photo % keys.length]!)).ms)
    if (photo === 10 || photo === 50 || photo === 100) {
      await settle(page, cdp)
      points.push({
        photos: photo,
        heapMb: (await call(page, 'heap')) / MB,
        rendererMb: readRendererMemory(pid).rssKb / 1024,
        liveObjectUrls: await call(page, 'liveObjectUrls'),
      })
    }
  }
  // What the memory monitor's cleanup gets back: the worker, its heap and its decoder go.
  await call(page, 'restartPipeline')
  await settle(page, cdp)
  points.push({
    photos: 100,
    afterRestart: true,
    heapMb: (await call(page, 'heap')) / MB,
    rendererMb: readRendererMemory(pid).rssKb / 1024,
    liveObjectUrls: await call(page, 'liveObjectUrls'),
  })
  await page.close()
  return { points, medianMs: median(times) }
}

/**
 * Each round's time over the other method's in that same round, then the median of those ratios. A busy
 * moment on this shared machine slows both sides of a pair, so this moves less between runs than a ratio
 * of two medians taken from different moments.
 */
function pairedRatio(times: (number | null)[], against: (number | null)[]): PairedRatio | undefined {
  const ratios = times.flatMap((ms, round) => {
    const other = against[round]
    return ms !== null && other != null && other > 0 ? [ms / other] : []
  })
  if (ratios.length !== times.length) return undefined
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios), rounds: ratios.length }
}

function timedOnly(medianMs: number, medianBytes: number, outputSize: string): CategoryResult {
  const blank = NaN
  return {
    medianMs,
    medianBytes,
    outputSize,
    rendererPeakMb: blank,
    heldAfterGcMb: blank,
    heapPeakMb: blank,
    longestStallMs: blank,
    stallsOver16ms: blank,
    longTasks: blank,
  }
}

function failed(error: unknown): CategoryResult {
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error)
  return {
    medianMs: NaN,
    medianBytes: NaN,
    outputSize: '–',
    rendererPeakMb: NaN,
    heldAfterGcMb: NaN,
    heapPeakMb: NaN,
    longestStallMs: NaN,
    stallsOver16ms: NaN,
    longTasks: NaN,
    error: message,
  }
}

function render(input: {
  version: string
  results: Map<MethodName, Map<Category['id'], CategoryResult>>
  categories: Category[]
  session: { points: SessionPoint[]; medianMs: number }
  idle: { longestStallMs: number; stallsOver16ms: number; longTasks: number }
  seconds: number
}): string {
  const { results, categories, session } = input
  const get = (method: MethodName, id: Category['id']) => results.get(method)?.get(id)
  const num = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '–')
  const signed = (value: number, digits = 0) =>
    Number.isFinite(value) ? `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(digits)}` : '–'
  const ratio = (a: number | undefined, b: number | undefined) =>
    a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : '–'
  const paired = (p: PairedRatio | undefined, withRange = false) =>
    p ? `${p.median.toFixed(2)}×${withRange ? ` (${p.min.toFixed(2)}–${p.max.toFixed(2)})` : ''}` : '–'
  const lines: string[] = []
  lines.push(`Measured ${utcMinute()} with \`${COMMAND}\` (${num(input.seconds)} s).`)
  lines.push(`Machine: ${describeMachine(input.version)}`)
  lines.push('')
  lines.push(
    'Each method turns a JPEG into a page with its long side at most 2000 px, JPEG quality 0.8. *Time / photo* is a median measured with',
  )
  lines.push(
    'the methods taking turns photo by photo, each in its own tab, in reverse order every other round; the memory figures come from a',
  )
  lines.push(
    `fresh tab per method and set. After each timed run its tab collects its garbage and the bench waits ${SETTLE_BETWEEN_RUNS_MS} ms, so no run pays for`,
  )
  lines.push("the one before. *× naive* and *× b-i-c* are paired: each round's time over the other method's in that same round,")
  lines.push(
    'then the median of those ratios (for b-i-c with the lowest and highest round in brackets), so a busy moment slows both sides alike.',
  )
  lines.push(
    "The *floor* row reads and decodes the photo at the pipeline's n/8 size and does nothing else: no method can make a page from this",
  )
  lines.push("JPEG in this browser in less, so the pipeline's time less the floor is all that is left to win.")
  lines.push('*Renderer peak* is the rise of')
  lines.push(
    "the tab's renderer process high-water mark (`VmHWM` in `/proc/<pid>/status`, reset before each set) over its resident memory before;",
  )
  lines.push(
    '*held after GC* is its resident memory after `gc()` and a simulated memory-pressure signal, less the same baseline. *JS heap peak* is',
  )
  lines.push(
    "the main thread's `performance.memory.usedJSHeapSize` rise (workers not included). *Longest stall* is the longest the main thread",
  )
  lines.push('could not run a 5 ms timer (beyond its 5 ms); *long tasks* counts PerformanceObserver `longtask` entries (≥ 50 ms).')
  lines.push(
    'The 12 MP and 48 MP photos are drawn in the browser (gradient, blocks, text) with random grain, so their files are about the size',
  )
  lines.push(
    "of a phone's JPEGs (a smooth drawing would compress far better and decode faster: JPEG decoding time grows with the compressed",
  )
  lines.push(
    'size, even at 1/8 scale). Timings on this shared machine move by tens of percent between runs: compare ratios within one run.',
  )
  lines.push(
    "The app's pipeline makes a 320 px thumbnail as well as the page; the other methods make the page only, so the pipeline is also",
  )
  lines.push(
    "timed asked for no thumbnail (*page only*). A method's time stops when it has its output; reading the output's size for the table is not timed.",
  )
  lines.push(
    `For scale: an idle tab, doing nothing for 3 s in the same run, showed a longest stall of ${num(input.idle.longestStallMs)} ms, ${input.idle.stallsOver16ms} stalls over 16 ms`,
  )
  lines.push(
    `and ${input.idle.longTasks} long tasks — on this shared 2-core machine a stall without a long task is mostly the OS running something else.`,
  )
  for (const category of categories) {
    lines.push('', `#### ${category.title}`, '')
    lines.push(
      '| Method | Time / photo | × naive | × b-i-c | Output bytes | Output size | Renderer peak | × naive | Held after GC | JS heap peak | Longest stall | Stalls > 16 ms | Long tasks |',
    )
    lines.push('|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|')
    const naive = get('naive', category.id)
    const bic = get('bic', category.id)
    for (const method of TIMED_ORDER) {
      const r = get(method, category.id)
      if (!r) continue
      if (r.error) {
        lines.push(`| ${METHOD_LABELS[method]} | failed: ${r.error.replaceAll('|', '\\|')} |||||||||||`)
        continue
      }
      const vsNaive = r.vsNaive ? paired(r.vsNaive) : ratio(r.medianMs, naive?.medianMs)
      const vsBic = r.vsBic ? paired(r.vsBic, method !== 'bic') : ratio(r.medianMs, bic?.medianMs)
      lines.push(
        `| ${METHOD_LABELS[method]} | ${num(r.medianMs)} ms | ${vsNaive} | ${vsBic} | ${num(r.medianBytes / 1024)} KB | ${r.outputSize} | ${signed(r.rendererPeakMb)} MB | ${ratio(r.rendererPeakMb, naive?.rendererPeakMb)} | ${signed(r.heldAfterGcMb, 1)} MB | ${signed(r.heapPeakMb, 1)} MB | ${num(r.longestStallMs)} ms | ${num(r.stallsOver16ms)} | ${num(r.longTasks)} |`,
      )
    }
  }

  lines.push('', '#### 100-photo session through the app pipeline (12 MP photos, three different ones in turn)', '')
  lines.push(
    `Median ${num(session.medianMs)} ms per photo. Pages and thumbnails are dropped after each photo, as the app hands them to IndexedDB. Measured after \`gc()\` and a memory-pressure signal; live object URLs are counted by the bench page itself (wrapping \`URL.createObjectURL\`/\`revokeObjectURL\`).`,
    '',
  )
  lines.push('| After photo | JS heap | Renderer RSS | Live object URLs |', '|--:|--:|--:|--:|')
  for (const p of session.points)
    lines.push(
      `| ${p.photos === 0 ? '0 (inputs loaded)' : p.photos}${p.afterRestart ? ', then `restart()` of the worker' : ''} | ${num(p.heapMb, 1)} MB | ${num(p.rendererMb)} MB | ${p.liveObjectUrls} |`,
    )

  const p12 = get('pipeline', '12mp')
  const p48 = get('pipeline', '48mp')
  const at = (photos: number) => session.points.find((p) => p.photos === photos && !p.afterRestart)
  const [at10, at100] = [at(10), at(100)]
  const growth = at10 && at100 ? (at100.rendererMb - at10.rendererMb) / at10.rendererMb : NaN
  const target = (label: string, value: string, met: boolean | null) =>
    `| ${label} | ${value} | ${met === null ? '–' : met ? 'met' : '**not met**'} |`
  const under = (a: number | undefined, b: number | undefined, limit: number) =>
    a !== undefined && b !== undefined && Number.isFinite(a / b) ? a / b <= limit : null
  lines.push('', '#### Against the targets in issue 4 (reported, not asserted)', '')
  lines.push('| Target | Measured | |', '|---|--:|---|')
  const timeTarget = (label: string, method: MethodName, id: Category['id'], limit: number) => {
    const vsBic = get(method, id)?.vsBic
    const value = vsBic ? `${paired(vsBic, true)} over ${vsBic.rounds} rounds` : '–'
    return target(label, value, vsBic ? vsBic.median <= limit : null)
  }
  lines.push(timeTarget('12 MP time ≤ 0.5× browser-image-compression (page + thumbnail)', 'pipeline', '12mp', 0.5))
  lines.push(timeTarget('48 MP time ≤ 0.4× browser-image-compression (page + thumbnail)', 'pipeline', '48mp', 0.4))
  lines.push(timeTarget('12 MP time ≤ 0.5× b-i-c, page only (no thumbnail, as b-i-c)', 'pipelinePage', '12mp', 0.5))
  lines.push(timeTarget('48 MP time ≤ 0.4× b-i-c, page only (no thumbnail, as b-i-c)', 'pipelinePage', '48mp', 0.4))
  lines.push(
    target(
      '12 MP renderer peak ≤ 0.1× naive',
      ratio(p12?.rendererPeakMb, get('naive', '12mp')?.rendererPeakMb),
      under(p12?.rendererPeakMb, get('naive', '12mp')?.rendererPeakMb, 0.1),
    ),
  )
  lines.push(
    target(
      '48 MP renderer peak ≤ 0.1× naive',
      ratio(p48?.rendererPeakMb, get('naive', '48mp')?.rendererPeakMb),
      under(p48?.rendererPeakMb, get('naive', '48mp')?.rendererPeakMb, 0.1),
    ),
  )
  const held = Math.max(p12?.heldAfterGcMb ?? NaN, p48?.heldAfterGcMb ?? NaN, get('pipeline', 'fixtures')?.heldAfterGcMb ?? NaN)
  lines.push(target('Held after GC < 10 MB (pipeline, worst set)', `${num(held, 1)} MB`, Number.isFinite(held) ? held < 10 : null))
  const stalls = (p12?.stallsOver16ms ?? NaN) + (p48?.stallsOver16ms ?? NaN) + (get('pipeline', 'fixtures')?.stallsOver16ms ?? NaN)
  lines.push(target('No main-thread stall over 16 ms (pipeline)', `${num(stalls)} stalls`, Number.isFinite(stalls) ? stalls === 0 : null))
  lines.push(
    target(
      'Renderer memory flat within 10 % from photo 10 to 100',
      `${num(growth * 100, 1)} %`,
      Number.isFinite(growth) ? Math.abs(growth) <= 0.1 : null,
    ),
  )
  const floor = (id: Category['id']) => get('decodeFloor', id)?.vsBic?.median
  const [floor12, floor48] = [floor('12mp'), floor('48mp')]
  if (floor12 !== undefined && floor48 !== undefined) {
    lines.push('')
    lines.push(
      `How much of the time targets the decoder leaves: reading and decoding alone took ${floor12.toFixed(2)}× b-i-c's time at 12 MP and ${floor48.toFixed(2)}× at 48 MP, ` +
        `so resizing, encoding the page and making the thumbnail have ${(0.5 - floor12).toFixed(2)}× and ${(0.4 - floor48).toFixed(2)}× of b-i-c's time left within the targets.`,
    )
  }
  return lines.join('\n')
}

function log(message: string): void {
  process.stderr.write(`[bench:images] ${message}\n`)
}

await main()
