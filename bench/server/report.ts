/** The markdown for docs/benchmarks.md and the terminal. */
import { describeMachine } from '../support/machine.ts'
import type { LoadResult } from './load.ts'
import type { RssFigures } from './serverProcess.ts'
import type { Verdict } from './verify.ts'

export interface Phase {
  name: string
  concurrency: number
  load: LoadResult
  rss: RssFigures
}

/** One way of sending the 20 invoices of 1,000 lines, on a fresh server. */
export interface Comparison {
  lines: string
  batch: number
  /** The JSON body of one append of `batch` lines. */
  bodyBytes: number
  load: LoadResult
  rss: RssFigures
  exact: boolean
  /** The peak rise of every run of this way, in MB; the figures above are the median run's. */
  runs: number[]
}

export interface ReportInput {
  date: string
  command: string
  seconds: number
  idleRss: number
  phases: Phase[]
  verdict: Verdict
  exitCode: number | null
  comparisons: Comparison[]
  oneRequest: { status: number; message: string }
  batchSize: number
}

const num = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
const mb = (n: number) => `${num(n)} MB`
const errors = (load: LoadResult) => {
  const detail = Object.entries(load.refused).map(([code, count]) => `${count}× ${code}`)
  return load.errors === 0 ? '0' : `${load.errors}${detail.length ? ` (${detail.join(', ')})` : ''}`
}

/** The whole section, below its `## Server` heading. */
export function renderReport(input: ReportInput): string {
  const lines: string[] = []
  lines.push(`Measured ${input.date} with \`${input.command}\` (${num(input.seconds)} s).`)
  lines.push(`Machine: ${describeMachine()}`)
  lines.push('')
  lines.push('The script starts the embedded server as its own process (`node --expose-gc --import tsx server/src/main.ts`, default')
  lines.push(
    `\`site_config.json\`: max_memory_mb 2048, batch_size ${input.batchSize}) on an ephemeral port with an empty data dir, signs in as the demo`,
  )
  lines.push('clerk and sends the load below over real HTTP. *Server RSS* is `VmRSS` of that process from `/proc/<pid>/status` before the')
  lines.push(
    'phase and right after it; *peak* is the highest of the samples taken every 100 ms during it' +
      (input.phases.every((p) => p.rss.kernelPeak)
        ? ' and the kernel’s high-water mark `VmHWM` (reset before each phase through `/proc/<pid>/clear_refs`).'
        : '.'),
  )
  lines.push(`The idle server, signed in, held ${mb(input.idleRss)}.`)
  lines.push('')
  lines.push('| Phase | Requests | Concurrency | Requests/s | p50 latency | p99 latency | Errors | Server RSS before | peak | after |')
  lines.push('|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|')
  for (const phase of input.phases) {
    const { load, rss } = phase
    lines.push(
      `| ${phase.name} | ${load.requests} | ${phase.concurrency} | ${num(load.requests / load.seconds, 1)} | ${num(load.p50, 1)} ms | ${num(load.p99, 1)} ms | ${errors(load)} | ${mb(rss.before)} | ${mb(rss.peak)} | ${mb(rss.after)} |`,
    )
  }
  const v = input.verdict
  lines.push('')
  lines.push(
    `**What the database holds afterwards** (the server stopped with exit code ${input.exitCode}, \`scanner.db\` opened read-only): ` +
      `${num(v.invoices.stored)} invoices, ${num(v.lines.stored)} lines and ${v.files.stored} files, against ${num(v.invoices.acknowledged)} invoices, ` +
      `${num(v.lines.acknowledged)} lines and ${v.files.acknowledged} files acknowledged with a 200 — ` +
      (v.exact
        ? '**exactly what was acknowledged**, invoice by invoice.'
        : `**not what was acknowledged**: ${v.differences.slice(0, 5).join('; ')}.`),
  )
  lines.push('')
  lines.push('#### 20 invoices of 1,000 lines: the app’s batches against the biggest requests the server takes')
  lines.push('')
  lines.push(
    `Each way ${input.comparisons[0]?.runs.length ?? 0} times, interleaved, each on a fresh server process (so one peak does not hide another), 4 invoices`,
  )
  lines.push(
    'at a time; the row is the run with the median *peak rise* (peak over the RSS before), the other runs’ rises in brackets. The ratio is',
  )
  lines.push('against 500-line requests with the same lines. What batching bounds is the body of one request: however long the invoice, no')
  lines.push(
    'request carries more than batch_size lines, so the memory one request can claim stays at the first row of its pair. How much of',
  )
  lines.push('that shows in RSS depends on when V8 collects garbage, which is why the ratios move between runs.')
  lines.push(
    `Sending an invoice as **one request of 1,000 lines** — the naive way — is refused: HTTP ${input.oneRequest.status}, “${input.oneRequest.message}”`,
  )
  lines.push('')
  lines.push(
    '| Lines | Per request | Body per request | Requests | Time | Requests/s | p99 latency | Errors | RSS before | Peak | Peak rise (all runs) | × 500-line requests | Database exact |',
  )
  lines.push('|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|')
  for (const c of input.comparisons) {
    const rise = c.rss.peak - c.rss.before
    const naive = input.comparisons.find((other) => other.lines === c.lines && other.batch === 500)
    const naiveRise = naive ? naive.rss.peak - naive.rss.before : 0
    const ratio = naiveRise > 0 ? `${num(rise / naiveRise, 2)}×` : 'n/a'
    lines.push(
      `| ${c.lines} | ${c.batch} lines | ${num(c.bodyBytes / 1024)} KB | ${c.load.requests} | ${num(c.load.seconds, 1)} s | ${num(c.load.requests / c.load.seconds, 1)} | ` +
        `${num(c.load.p99, 1)} ms | ${errors(c.load)} | ${mb(c.rss.before)} | ${mb(c.rss.peak)} | +${mb(rise)} (${c.runs.map((r) => num(r)).join(', ')}) | ${ratio} | ${c.exact ? 'yes' : 'no'} |`,
    )
  }
  lines.push('')
  lines.push('Latencies include the client (autocannon for the first phase, `fetch` for the others) running on the same two cores;')
  lines.push('they move from run to run on this shared machine. Nothing here is asserted: the bench reports.')
  return lines.join('\n')
}
