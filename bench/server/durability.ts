/**
 * What `synchronous=FULL` costs against `NORMAL` (issue 12 item 11): the same 20 invoices × 1,000 lines on a
 * fresh server per setting, the settings interleaved, `rounds` times each. Each acknowledged batch is one
 * transaction, so FULL adds one fsync of the WAL per request.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { signIn } from './client.ts'
import { sendInvoices, type Ledger, type LoadResult } from './load.ts'
import { startBenchServer } from './serverProcess.ts'

export interface DurabilityRow {
  synchronous: 'FULL' | 'NORMAL'
  /** The median run by requests per second, and every run's rate. */
  load: LoadResult
  rates: number[]
}

const rate = (load: LoadResult) => load.requests / load.seconds

/** Runs the comparison; `log` says what is running. */
export async function compareSynchronous(batch: number, rounds: number, log: (text: string) => void): Promise<DurabilityRow[]> {
  const runs: Record<'FULL' | 'NORMAL', LoadResult[]> = { FULL: [], NORMAL: [] }
  for (let round = 1; round <= rounds; round += 1) {
    for (const synchronous of ['FULL', 'NORMAL'] as const) {
      log(`synchronous ${round}/${rounds}: ${synchronous}`)
      const dir = mkdtempSync(join(tmpdir(), 'scanner-bench-sync-'))
      try {
        const server = await startBenchServer(dir, { SCANNER_SQLITE_SYNCHRONOUS: synchronous })
        const session = await signIn(server.url)
        const ledger: Ledger = { invoices: new Map(), files: 0 }
        runs[synchronous].push(await sendInvoices(server.url, session, ledger, { invoices: 20, lines: 1000, batch, concurrency: 4 }))
        await server.stop()
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }
  }
  return (['FULL', 'NORMAL'] as const).map((synchronous) => {
    const sorted = [...runs[synchronous]].sort((a, b) => rate(a) - rate(b))
    return { synchronous, load: sorted[Math.floor(sorted.length / 2)] as LoadResult, rates: runs[synchronous].map(rate) }
  })
}

const num = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })

/** The markdown table and what it means. */
export function renderDurability(rows: DurabilityRow[], batch: number, filesystem: string): string {
  const full = rows.find((r) => r.synchronous === 'FULL')
  const normal = rows.find((r) => r.synchronous === 'NORMAL')
  const lines = [
    '#### Durability: `synchronous=FULL` (the default) against `NORMAL`',
    '',
    `20 invoices × 1,000 lines in batches of ${batch}, 4 at a time, on a fresh server per run (data dir on ${filesystem}); the row is the`,
    'median run by requests per second, every run’s rate in brackets. Each request is one transaction: FULL syncs the WAL before',
    'the 200 goes out, NORMAL leaves it to the next checkpoint, so a power cut may undo batches NORMAL already acknowledged.',
    '',
    '| synchronous | Requests | Time | Requests/s (all runs) | p50 latency | p99 latency | Errors |',
    '|---|--:|--:|--:|--:|--:|--:|',
    ...rows.map(
      (r) =>
        `| ${r.synchronous} | ${r.load.requests} | ${num(r.load.seconds, 2)} s | ${num(rate(r.load), 1)} (${r.rates.map((x) => num(x)).join(', ')}) | ` +
        `${num(r.load.p50, 1)} ms | ${num(r.load.p99, 1)} ms | ${r.load.errors} |`,
    ),
  ]
  if (full && normal) {
    lines.push('')
    lines.push(
      `FULL runs at **${num(rate(full.load) / rate(normal.load), 2)}×** NORMAL’s rate, p50 ${num(full.load.p50 - normal.load.p50, 1)} ms per request more.`,
    )
  }
  return lines.join('\n')
}
