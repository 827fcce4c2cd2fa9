/**
 * `npm run bench:ocr-models`: the reader's engine choices compared on the pages the app makes from the receipt
 * fixtures (saved from the built app in Chromium by dumpPages.ts), in Node with the same tesseract.js and the
 * same parsing (src/lib/reading): German vs English vs both, the integer ("best_int") vs the float ("best")
 * models, Sauvola vs Otsu binarisation, one uniform block (PSM 6) vs automatic layout (PSM 3). Per variant:
 * dates and totals right / wrong / empty, CPU time per page (median, worst), the process's peak memory and the
 * bytes a device downloads. Each variant runs in its own Node process, so each peak is its own. Figures are
 * reported, never asserted; written into docs/benchmarks.md.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { readFields } from '../../src/lib/reading/readFields'
import { FIXTURES_DIR, REPO_ROOT } from '../../tests/e2e/support/server'
import { writeBenchSection } from '../support/docs'
import { describeMachine, utcMinute } from '../support/machine'
import { dumpPages, pageFileOf } from './dumpPages'

const require = createRequire(import.meta.url)
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`))
const THRESHOLD = 0.7
const PAGES_DIR = join(tmpdir(), 'invoice-scanner-ocr-pages')

interface Variant {
  name: string
  lang: string
  model: 'best_int' | 'best'
  psm: string
  /** Tesseract's thresholding_method: 0 Otsu, 2 Sauvola. */
  thresholding: '0' | '2'
}
const VARIANTS: Variant[] = [
  { name: 'German best_int, PSM 6, Sauvola (first pass as shipped)', lang: 'deu', model: 'best_int', psm: '6', thresholding: '2' },
  { name: 'German best_int, PSM 6, Otsu (second pass as shipped)', lang: 'deu', model: 'best_int', psm: '6', thresholding: '0' },
  { name: 'English best_int, PSM 6, Sauvola', lang: 'eng', model: 'best_int', psm: '6', thresholding: '2' },
  { name: 'German + English best_int, PSM 6, Sauvola', lang: 'deu+eng', model: 'best_int', psm: '6', thresholding: '2' },
  { name: 'German best (float), PSM 6, Sauvola', lang: 'deu', model: 'best', psm: '6', thresholding: '2' },
  { name: 'German best_int, PSM 3 (automatic layout), Sauvola', lang: 'deu', model: 'best_int', psm: '3', thresholding: '2' },
]

interface PageRead {
  text: string
  cpuMs: number
}
interface ChildResult {
  startCpuMs: number
  pages: Record<string, PageRead>
  peakRssKb: number
}

const log = (message: string) => process.stderr.write(`[bench:ocr-models] ${message}\n`)
const truth = JSON.parse(readFileSync(resolve(FIXTURES_DIR, '..', 'truth.json'), 'utf8')) as Record<string, { date: string; total: number }>

/** The model files as @tesseract.js-data ships them, under the names tesseract.js asks for. */
function langDir(model: Variant['model']): string {
  const dir = join(tmpdir(), `invoice-scanner-ocr-lang-${model}`)
  for (const lang of ['deu', 'eng']) {
    const target = join(dir, `${lang}.traineddata.gz`)
    if (!existsSync(target)) {
      spawnSync('mkdir', ['-p', dir])
      spawnSync('cp', [
        join(packageDir(`@tesseract.js-data/${lang}`), `4.0.0${model === 'best' ? '' : '_best_int'}`, `${lang}.traineddata.gz`),
        target,
      ])
    }
  }
  return dir
}

/** In the child: one variant over every page, CPU time per page (the process's, so the worker's too). */
async function runChild(variant: Variant): Promise<void> {
  const { createWorker } = (await import('tesseract.js')).default
  const started = process.cpuUsage()
  const worker = await createWorker(variant.lang, 1, { langPath: langDir(variant.model), gzip: true, cacheMethod: 'none' })
  await worker.setParameters({
    tessedit_pageseg_mode: variant.psm,
    user_defined_dpi: '300',
    thresholding_method: variant.thresholding,
  } as never)
  const cpu = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since)
    return Math.round((used.user + used.system) / 1000)
  }
  const result: ChildResult = { startCpuMs: cpu(started), pages: {}, peakRssKb: 0 }
  for (const fixture of Object.keys(truth)) {
    const before = process.cpuUsage()
    const read = await worker.recognize(readFileSync(join(PAGES_DIR, pageFileOf(fixture))))
    result.pages[fixture] = { text: read.data.text, cpuMs: cpu(before) }
  }
  await worker.terminate()
  result.peakRssKb = process.resourceUsage().maxRSS
  process.stdout.write(JSON.stringify(result))
}

type Verdict = 'right' | 'wrong' | 'empty'
interface Scored {
  date: Verdict
  total: Verdict
  /** Whether the shipped reader would make its second pass after this one. */
  needsSecond: boolean
}

function score(fixture: string, text: string): Scored {
  const fields = readFields(text, new Date().toISOString().slice(0, 10))
  const expected = truth[fixture]!
  const date = fields.bill_date && fields.bill_date.confidence >= THRESHOLD ? fields.bill_date.value : ''
  const total = fields.document_total && fields.document_total.confidence >= THRESHOLD ? fields.document_total.value.toFixed(2) : ''
  const verdict = (value: string, right: string): Verdict => (!value ? 'empty' : value === right ? 'right' : 'wrong')
  return { date: verdict(date, expected.date), total: verdict(total, expected.total.toFixed(2)), needsSecond: !date || !total }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

async function main(): Promise<void> {
  const started = Date.now()
  if (!existsSync(PAGES_DIR) || readdirSync(PAGES_DIR).length < Object.keys(truth).length) {
    const build = spawnSync(process.execPath, [resolve(REPO_ROOT, 'scripts/ensure-build.mjs')], { cwd: REPO_ROOT, stdio: 'inherit' })
    if (build.status !== 0) throw new Error('Building the app failed; see above.')
    log(`saving the app's pages into ${PAGES_DIR}…`)
    await dumpPages(PAGES_DIR, log)
  }
  const only = process.argv[2]
  const runs: Array<{ variant: Variant; result: ChildResult }> = []
  for (const variant of VARIANTS.filter((v) => !only || v.name.toLowerCase().startsWith(only))) {
    log(`${variant.name}…`)
    const child = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', String(VARIANTS.indexOf(variant))], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    if (child.status !== 0) throw new Error(`${variant.name} failed`)
    runs.push({ variant, result: JSON.parse(child.stdout) as ChildResult })
  }
  const coreBytes = statSync(join(packageDir('tesseract.js-core'), 'tesseract-core-simd-lstm.wasm.js')).size
  const modelBytes = (v: Variant) =>
    v.lang.split('+').reduce((sum, lang) => sum + statSync(join(langDir(v.model), `${lang}.traineddata.gz`)).size, 0)
  const lines = [
    `Measured ${utcMinute()} with \`npm run bench:ocr-models\` in ${((Date.now() - started) / 1000).toFixed(0)} s. ${describeMachine()}`,
    '',
    'Page 1 of each receipt fixture as the built app makes it (crop, flatten, look, long side ≤ 2000 px), read in Node by',
    'tesseract.js 7 (the same WebAssembly core the browser gets, SIMD build) and parsed by the app’s own code; a value counts',
    'only at the prefill threshold (0.7). CPU: the process’s CPU time per page after the engine started (the machine is shared,',
    'so wall time is not a fair figure here; bench:ocr gives the wall time in Chromium). Peak: the Node process’s resident',
    `high-water mark (Node itself is about 50 MB of it). Download: the model(s), gzipped, plus the ${mb(coreBytes)} core every variant shares.`,
    '',
    '| Variant | Bill Date right / wrong / empty | Document total right / wrong / empty | CPU per page median | worst | engine start | peak RSS | model download |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ]
  const row = (name: string, scored: Scored[], cpuMs: number[], start: string, peak: string, download: string) => {
    const cell = (field: 'date' | 'total') => {
      const n = (kind: Verdict) => scored.filter((s) => s[field] === kind).length
      return `${n('right')} / ${n('wrong')} / ${n('empty')}`
    }
    lines.push(
      `| ${name} | ${cell('date')} | ${cell('total')} | ${seconds(median(cpuMs))} | ${seconds(Math.max(...cpuMs))} | ${start} | ${peak} | ${download} |`,
    )
  }
  for (const { variant, result } of runs) {
    const fixtures = Object.keys(result.pages)
    row(
      variant.name,
      fixtures.map((f) => score(f, result.pages[f]!.text)),
      fixtures.map((f) => result.pages[f]!.cpuMs),
      seconds(result.startCpuMs),
      `${(result.peakRssKb / 1024).toFixed(0)} MB`,
      mb(modelBytes(variant)),
    )
  }
  // The reader as shipped: Sauvola first, Otsu only for a field the first pass left empty.
  const [first, second] = [runs.find((r) => r.variant === VARIANTS[0]), runs.find((r) => r.variant === VARIANTS[1])]
  if (first && second) {
    const fixtures = Object.keys(first.result.pages)
    const scored = fixtures.map((f) => {
      const a = score(f, first.result.pages[f]!.text)
      if (!a.needsSecond) return a
      const b = score(f, second.result.pages[f]!.text)
      return { date: a.date === 'empty' ? b.date : a.date, total: a.total === 'empty' ? b.total : a.total, needsSecond: true }
    })
    const cpu = fixtures.map((f, i) => first.result.pages[f]!.cpuMs + (scored[i]!.needsSecond ? second.result.pages[f]!.cpuMs : 0))
    const passes = scored.filter((s) => s.needsSecond).length
    row(
      `**As shipped: Sauvola, then Otsu when a field is empty** (${passes} of ${fixtures.length} pages read twice)`,
      scored,
      cpu,
      '',
      '',
      '',
    )
  }
  const markdown = lines.join('\n')
  console.log(markdown)
  writeBenchSection('ocr-models', 'Reading: engines and models compared (OCR)', markdown)
  log('wrote docs/benchmarks.md')
}

if (process.argv[2] === '--child') await runChild(VARIANTS[Number(process.argv[3])]!)
else await main()
