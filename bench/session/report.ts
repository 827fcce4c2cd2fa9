/** Turns the two sessions into the markdown of the Session section of docs/benchmarks.md. */
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describeMachine, utcMinute } from '../support/machine'
import type { TabReading } from './measure'
import { FIXTURES_DIR, INVOICES, PAGES_PER_INVOICE } from './plan'
import type { SessionResult } from './session'

export interface SessionReport {
  command: string
  chromiumVersion: string
  seconds: number
  app: SessionResult
  naive: SessionResult
}

const MB = 1024 * 1024
const num = (value: number | undefined, digits = 0) => (value !== undefined && Number.isFinite(value) ? value.toFixed(digits) : '–')
const ratio = (naive: number | undefined, app: number | undefined) =>
  naive !== undefined && app !== undefined && Number.isFinite(naive) && Number.isFinite(app) && app > 0
    ? `${(naive / app).toFixed(1)}×`
    : '–'
function describeFixtures(): string {
  const sizes = readdirSync(FIXTURES_DIR)
    .filter((name) => name.endsWith('.jpg'))
    .map((name) => statSync(join(FIXTURES_DIR, name)).size / MB)
  return `the ${sizes.length} receipt fixtures, ${num(Math.min(...sizes), 1)}–${num(Math.max(...sizes), 1)} MB JPEGs`
}
const heapMb = (r: TabReading | undefined) => (r ? r.heapBytes / MB : undefined)
const rssMb = (r: TabReading | undefined) => (r ? r.rssKb / 1024 : undefined)
const peakMb = (r: TabReading | undefined) => (r ? r.peakKb / 1024 : undefined)

/** The section's markdown: what was measured, how, and one row per invoice. */
export function renderSessionReport(report: SessionReport): string {
  const { app, naive } = report
  const lines: string[] = []
  lines.push(
    `Measured ${utcMinute()} with \`${report.command}\` (${num(report.seconds)} s in all: app ${num(app.seconds)} s, naive ${num(naive.seconds)} s, the rest building and starting).`,
  )
  lines.push(`Machine: ${describeMachine(report.chromiumVersion)}`)
  lines.push('')
  lines.push(`A clerk's session in real Chromium: ${INVOICES * PAGES_PER_INVOICE} photos (${describeFixtures()}, in turn) through`)
  lines.push(
    `the \`Add photos\` input, ${PAGES_PER_INVOICE} per invoice, a few lines pasted through \`Paste lines\`, a unique Bill No, and ${INVOICES} invoices submitted.`,
  )
  lines.push(
    '**App** is the built app (`dist/`) against the embedded server, signed in as the demo clerk; each invoice is checked on the server',
  )
  lines.push(
    '(its lines and attached Files) before the next. **Naive** is `bench/session/naive/`: every photo through an object URL it never revokes, drawn',
  )
  lines.push(
    'on a full-size canvas, kept and shown as a full-size JPEG data URL, sent as one JSON body with base64 pages to a stub that counts and',
  )
  lines.push('drops it; sent invoices stay in memory as a history. Each build runs in its own fresh Chromium profile, one after the other.')
  lines.push('Readings are taken after each invoice is sent (and, in the app, after *Start the next invoice*), after a forced GC')
  lines.push('(`HeapProfiler.collectGarbage` over CDP, twice): *JS heap* is `performance.memory.usedJSHeapSize` (main thread);')
  lines.push('*live object URLs* are counted by the bench itself, wrapping `URL.createObjectURL`/`revokeObjectURL` before any page script')
  lines.push("runs (main thread only); *renderer RSS* is `VmRSS` of the tab's renderer process in `/proc/<pid>/status`. *Peak* is that")
  lines.push(
    "process's high-water mark (`VmHWM`, reset before each invoice) while the invoice was made. Ratios are naive ÷ app. The last row is",
  )
  lines.push(
    'read after `Memory.simulatePressureNotification` (critical), which makes Chromium drop the caches it can: what is left is held.',
  )
  for (const [label, result] of [
    ['App', app],
    ['Naive', naive],
  ] as const) {
    if (result.error) lines.push('', `**${label}: failed** — ${result.error}`)
  }
  lines.push('')
  lines.push(
    '| After invoice | Photos | App JS heap | Naive JS heap | × | App live URLs | Naive live URLs | App renderer RSS | Naive renderer RSS | × |',
  )
  lines.push('|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|')
  const row = (label: string, photos: number, a: TabReading | undefined, n: TabReading | undefined) =>
    `| ${label} | ${photos} | ${num(heapMb(a), 1)} MB | ${num(heapMb(n), 1)} MB | ${ratio(heapMb(n), heapMb(a))} | ${num(a?.liveObjectUrls)} | ${num(n?.liveObjectUrls)} | ${num(rssMb(a))} MB | ${num(rssMb(n))} MB | ${ratio(rssMb(n), rssMb(a))} |`
  lines.push(row('start', 0, app.baseline ?? undefined, naive.baseline ?? undefined))
  for (let i = 0; i < INVOICES; i++) {
    const a = app.invoices[i]
    const n = naive.invoices[i]
    if (!a && !n) break
    lines.push(row(String(i + 1), (i + 1) * PAGES_PER_INVOICE, a?.reading, n?.reading))
  }
  if (app.afterPressure || naive.afterPressure) {
    lines.push(
      row(
        `${INVOICES}, then a memory-pressure signal`,
        INVOICES * PAGES_PER_INVOICE,
        app.afterPressure ?? undefined,
        naive.afterPressure ?? undefined,
      ),
    )
  }

  lines.push('', 'Per invoice: time from the first photo to *Invoice sent*, bytes sent to the backend (app: every POST body —')
  lines.push(
    "multipart pages and JSON batches; naive: its one JSON body), the renderer's peak while the invoice was made, how many object URLs the",
  )
  lines.push('page has made in all (so a live count of 0 means made and revoked, not never made), and what the backend stored.', '')
  lines.push(
    '| Invoice | App time | Naive time | App sent | Naive sent | App peak RSS | Naive peak RSS | × | Object URLs made so far, app / naive | App: server has | Naive: stub got |',
  )
  lines.push('|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|---|')
  for (let i = 0; i < INVOICES; i++) {
    const a = app.invoices[i]
    const n = naive.invoices[i]
    if (!a && !n) break
    lines.push(
      `| ${i + 1} | ${num(a?.seconds, 1)} s | ${num(n?.seconds, 1)} s | ${num(a && a.uploadBytes / MB, 1)} MB | ${num(n && n.uploadBytes / MB, 1)} MB | ${num(peakMb(a?.reading))} MB | ${num(peakMb(n?.reading))} MB | ${ratio(peakMb(n?.reading), peakMb(a?.reading))} | ${num(a?.reading.createdObjectUrls)} / ${num(n?.reading.createdObjectUrls)} | ${a ? `${a.name}: ${a.stored}` : '–'} | ${n ? `${n.name}: ${n.stored}` : '–'} |`,
    )
  }

  const growth = (result: SessionResult) => {
    const first = result.invoices[0]?.reading
    const last = result.invoices.at(-1)?.reading
    return first && last && result.invoices.length > 1
      ? `${num((last.rssKb - first.rssKb) / 1024)} MB renderer RSS and ${num((last.heapBytes - first.heapBytes) / MB, 1)} MB JS heap from invoice 1 to ${result.invoices.length}`
      : 'not enough invoices to say'
  }
  lines.push('', `Growth over the session — app: ${growth(app)}; naive: ${growth(naive)}.`)
  const given = (result: SessionResult) => {
    const last = result.invoices.at(-1)?.reading
    const first = result.invoices[0]?.reading
    return last && first && result.afterPressure
      ? `${num((last.rssKb - result.afterPressure.rssKb) / 1024)} MB, leaving its renderer ${num(Math.abs(result.afterPressure.rssKb - first.rssKb) / 1024)} MB ${result.afterPressure.rssKb >= first.rssKb ? 'above' : 'below'} its reading after invoice 1`
      : '–'
  }
  lines.push(`Given back on the memory-pressure signal after invoice ${INVOICES} — app: ${given(app)}; naive: ${given(naive)}.`)
  if (app.leftInIndexedDb) {
    const { pages, draftsWithContent } = app.leftInIndexedDb
    const verdict =
      pages || draftsWithContent ? '**left behind** although every invoice was sent' : "each sent invoice's pages and draft were deleted"
    lines.push(`At the end the app keeps ${pages} page records and ${draftsWithContent} drafts with content in IndexedDB: ${verdict}.`)
  }
  if (naive.heldDataUrls) {
    const held = naive.heldDataUrls
    lines.push(
      `At the end the naive page holds ${held.count} page data URLs, ${num(held.megabytes)} MB of text, but only ${held.distinct} of them differ: the fixtures repeat and`,
      're-encode to identical JPEGs, and its JS heap grows only with the different ones (it stops growing once every fixture has been seen).',
      `With ${INVOICES * PAGES_PER_INVOICE} different photos its heap would carry the whole ${num(held.megabytes)} MB; the figures above flatter the naive page.`,
    )
  }
  return lines.join('\n')
}
