/**
 * `npm run bench:ocr`: the document reader on every receipt fixture, through the built app in Chromium, as
 * a clerk uses it: a new invoice, the photo added with Add photos, the header filled from the page. Per
 * field, how many values were right, wrong or left empty (against ../shared/fixtures/truth.json); the time
 * from the page being in the strip to the reader finishing (median, worst, first read with the engine's
 * load); and the renderer's memory peak above the idle app. Each model is run in its own fresh browser.
 * Figures are reported, never asserted; written into docs/benchmarks.md.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { launchChromium } from '../../tests/e2e/support/browser'
import { CLERK, FIXTURES_DIR, REPO_ROOT, startServer } from '../../tests/e2e/support/server'
import { readRendererMemory } from '../images/renderer'
import { writeBenchSection } from '../support/docs'
import { OCR_TEXTS_DIR } from './texts'
import { describeMachine, utcMinute } from '../support/machine'
import { findTabRenderer, startPeak } from '../session/measure'

const COMMAND = 'npm run bench:ocr'
const FIXTURES_ROOT = resolve(FIXTURES_DIR, '..')
const READ_TIMEOUT_MS = 120_000

interface Truth {
  merchant: string
  date: string
  total: number
}
const truth = JSON.parse(readFileSync(resolve(FIXTURES_ROOT, 'truth.json'), 'utf8')) as Record<string, Truth>

/** The demo Supplier each merchant is (server/src/db/demoData.ts); null where the list has none. */
const SUPPLIER_OF: Record<string, string | null> = {
  aldi: 'Aldi Süd',
  hornbach: 'Hornbach',
  ikea: 'IKEA Deutschland',
  lidl: 'Lidl Dienstleistung',
  marktkauf: 'Marktkauf',
  mediamarkt: 'MediaMarkt',
  real: 'Real',
  rossmann: 'Rossmann',
  toom: null,
  thalia: null,
}

type Verdict = 'right' | 'wrong' | 'empty'
interface FixtureResult {
  fixture: string
  date: Verdict
  total: Verdict
  supplier: Verdict
  billNo: string
  ms: number
  text: string
  values: string
}

/** A model variant: which traineddata the reader gets under the name it asks for. */
interface Variant {
  name: string
  /** Serve this file instead of the shipped model (reader/deu.traineddata.gz); null for the app as built. */
  replaceModelWith: string | null
}

function log(message: string): void {
  process.stderr.write(`[bench:ocr] ${message}\n`)
}

function verdict(value: string, expected: string | null): Verdict {
  if (!value) return 'empty'
  return value === expected ? 'right' : 'wrong'
}

async function readOne(page: Page, fixture: string): Promise<FixtureResult> {
  await page.evaluate(() => {
    for (const key of Object.keys(localStorage)) if (key.startsWith('invoice-scanner.current-draft')) localStorage.removeItem(key)
  })
  await page.reload()
  await page.getByRole('heading', { name: 'Scanner' }).waitFor()
  await page.getByLabel('Add photos').setInputFiles([resolve(FIXTURES_ROOT, fixture)])
  await page
    .getByRole('img', { name: /^Page 1/ })
    .first()
    .waitFor({ timeout: READ_TIMEOUT_MS })
  const start = Date.now()
  // Done when the status line has gone and the page's text is there (the reader ran and stopped).
  await page.waitForFunction(
    () => {
      const busy = [...document.querySelectorAll('[role="status"]')].some((el) => el.textContent?.includes('Reading page 1'))
      const shown = [...document.querySelectorAll('button')].some((el) => el.textContent?.includes('Show text of page 1'))
      return shown && !busy
    },
    undefined,
    { timeout: READ_TIMEOUT_MS, polling: 25 },
  )
  const ms = Date.now() - start
  await page.getByRole('button', { name: 'Show text of page 1' }).click()
  const text = (await page.getByLabel('Text read from page 1').textContent()) ?? ''
  const value = (label: string) => page.getByLabel(label, { exact: true }).inputValue()
  const [date, total, billNo, supplier] = [
    await value('Bill Date'),
    await value('Document total'),
    await value('Bill No'),
    await page.getByRole('combobox', { name: 'Supplier' }).inputValue(),
  ]
  const expected = truth[fixture]!
  return {
    fixture,
    date: verdict(date, expected.date),
    total: verdict(total, expected.total.toFixed(2)),
    supplier: verdict(supplier, SUPPLIER_OF[expected.merchant] ?? null),
    billNo,
    ms,
    text,
    values: [date || '–', total || '–', supplier || '–', billNo || '–'].join(' · '),
  }
}

async function runVariant(variant: Variant): Promise<{ results: FixtureResult[]; idleKb: number; peakKb: number; version: string }> {
  const server = await startServer()
  const chromium = await launchChromium()
  try {
    const page = chromium.context.pages()[0] ?? (await chromium.context.newPage())
    if (variant.replaceModelWith) {
      const bytes = readFileSync(variant.replaceModelWith)
      await page.route('**/reader/deu.traineddata.gz', (route) =>
        route.fulfill({ status: 200, body: bytes, contentType: 'application/octet-stream' }),
      )
    }
    await page.goto(`${server.url}/login`)
    await page.getByLabel('Email or user name').fill(CLERK.usr)
    await page.getByLabel('Password').fill(CLERK.pwd)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(/\/scan$/)
    await page.getByRole('heading', { name: 'Scanner' }).waitFor()
    await page.waitForTimeout(1000)
    const pid = await findTabRenderer(page)
    const idleKb = readRendererMemory(pid).rssKb
    startPeak(pid)
    const results: FixtureResult[] = []
    for (const fixture of Object.keys(truth)) {
      const result = await readOne(page, fixture)
      log(`${variant.name} ${fixture}: ${result.values} (${result.ms} ms)`)
      results.push(result)
    }
    return { results, idleKb, peakKb: readRendererMemory(pid).peakKb, version: chromium.browser?.version() ?? 'unknown' }
  } finally {
    await chromium.close()
    await server.stop()
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
const count = (results: FixtureResult[], field: 'date' | 'total' | 'supplier', kind: Verdict) =>
  results.filter((r) => r[field] === kind).length
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`

function render(
  runs: Array<{ variant: Variant; results: FixtureResult[]; idleKb: number; peakKb: number }>,
  version: string,
  started: number,
): string {
  const lines = [
    `Measured ${utcMinute()} with \`${COMMAND}\` in ${((Date.now() - started) / 1000).toFixed(0)} s. ${describeMachine(version)}`,
    '',
    'Each receipt in ../shared/fixtures (12 cropped, 4 uncropped photos) is added to a new invoice in the built app; the reader',
    '(tesseract.js 7, LSTM, PSM 6, Sauvola thresholds, a second pass with Otsu’s only when date or total is still empty, in its own',
    'worker, files from the app’s `reader/` folder) reads page 1 and fills the empty fields; the engine loads while page 1 is made;',
    'each model in its own fresh browser, served under the shipped model’s name.',
    'Right/wrong/empty per field against truth.json; a supplier is right when it is the demo Supplier of that merchant (toom and',
    'Thalia have none, so any supplier there is wrong). Time: from the page in the strip to the reader done (both passes if two);',
    'the first read includes starting the worker and loading the core and model. Peak: the renderer’s resident high-water',
    'mark during all the reads, above the idle Scanner.',
    '',
    '| Model | Bill Date right / wrong / empty | Document total right / wrong / empty | Supplier right / wrong / empty | median | worst | first (cold) | renderer peak above idle |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ]
  for (const run of runs) {
    const times = run.results.map((r) => r.ms)
    const n = run.results.length
    const cell = (field: 'date' | 'total' | 'supplier') =>
      `${count(run.results, field, 'right')} / ${count(run.results, field, 'wrong')} / ${count(run.results, field, 'empty')} (${Math.round((100 * count(run.results, field, 'right')) / n)} % right)`
    lines.push(
      `| ${run.variant.name} | ${cell('date')} | ${cell('total')} | ${cell('supplier')} | ${seconds(median(times))} | ${seconds(Math.max(...times))} | ${seconds(times[0] ?? 0)} | ${((run.peakKb - run.idleKb) / 1024).toFixed(0)} MB |`,
    )
  }
  lines.push('', '<details><summary>Per receipt (Bill Date · Document total · Supplier · Bill No, time)</summary>', '')
  for (const run of runs) {
    lines.push(
      `**${run.variant.name}**`,
      '',
      '| Receipt | Date | Total | Supplier | Read | Time |',
      '| --- | --- | --- | --- | --- | --- |',
    )
    for (const r of run.results) lines.push(`| ${r.fixture} | ${r.date} | ${r.total} | ${r.supplier} | ${r.values} | ${seconds(r.ms)} |`)
    lines.push('')
  }
  lines.push('</details>')
  return lines.join('\n')
}

/** Keeps what the shipped model read from each receipt, so the line reader can be measured without OCR. */
function saveTexts(results: FixtureResult[]): void {
  for (const result of results) {
    const path = resolve(OCR_TEXTS_DIR, `${result.fixture}.txt`)
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, result.text)
  }
}

async function main(): Promise<void> {
  const started = Date.now()
  const build = spawnSync(process.execPath, [resolve(REPO_ROOT, 'scripts/ensure-build.mjs')], { cwd: REPO_ROOT, stdio: 'inherit' })
  if (build.status !== 0) throw new Error('Building the app failed; see above.')
  const only = process.argv[2]
  const variants: Variant[] = [
    { name: 'German (best_int), as shipped', replaceModelWith: null },
    { name: 'English (best_int)', replaceModelWith: resolve(REPO_ROOT, 'dist/reader/eng.traineddata.gz') },
  ].filter((v) => !only || v.name.toLowerCase().startsWith(only))
  const runs = []
  let version = 'unknown'
  for (const variant of variants) {
    log(`${variant.name}…`)
    const run = await runVariant(variant)
    version = run.version
    runs.push({ variant, ...run })
    if (variant.replaceModelWith === null) saveTexts(run.results)
  }
  const markdown = render(runs, version, started)
  console.log(markdown)
  writeBenchSection('ocr', 'Reading the document on the device (OCR)', markdown)
  log('wrote docs/benchmarks.md')
}

await main()
