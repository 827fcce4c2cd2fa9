/**
 * `npm run bench:server`: load and memory of the embedded server, which the script starts itself:
 * the seed's load test (100 creates of 50 lines, 10 at a time, with autocannon), 20 invoices of
 * 1,000 lines in batches, 10 receipt uploads 4 at a time, 20 uploads of 9 MiB at once; then the database is
 * checked against what was acknowledged, the app's batches are compared with bigger requests on fresh servers,
 * and SQLite's synchronous=FULL with NORMAL.
 * Prints a markdown table and writes it into docs/benchmarks.md. Reports, never asserts.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { utcMinute } from '../support/machine.ts'
import { writeBenchSection } from '../support/docs.ts'
import { makeLines, METHOD, signIn } from './client.ts'
import { createBurst, sendInOneRequest, sendInvoices, uploadReceipts, type Ledger } from './load.ts'
import { uploadLarge } from './bigUploads.ts'
import { compareSynchronous, renderDurability } from './durability.ts'
import { renderReport, type Comparison, type Phase } from './report.ts'
import { REPO_ROOT, startBenchServer } from './serverProcess.ts'
import { verifyDatabase } from './verify.ts'

const COMMAND = 'npm run bench:server'
const FIXTURES = resolve(REPO_ROOT, '../shared/fixtures/receipts')
const log = (text: string) => console.error(`[bench:server] ${text}`)
const num = (n: number) => n.toLocaleString('en-US')
const COMPARISON_ROUNDS = 3
const BIG_UPLOADS = { count: 20, mib: 9 }

/** The file system type under a folder (`df -T`), for the durability figures; 'unknown' where df is missing. */
function filesystemOf(dir: string): string {
  try {
    const type = execFileSync('df', ['--output=fstype', dir], { encoding: 'utf8' }).trim().split('\n').pop()
    return type ? `${type}` : 'unknown'
  } catch {
    return 'unknown'
  }
}

/** The run with the median peak rise, carrying whether every run's database was exact. */
function medianRun(all: Array<Omit<Comparison, 'runs'>>): Comparison {
  const sorted = [...all].sort((a, b) => a.rss.peak - a.rss.before - (b.rss.peak - b.rss.before))
  const middle = sorted[Math.floor(sorted.length / 2)] as Omit<Comparison, 'runs'>
  return { ...middle, exact: all.every((r) => r.exact), runs: all.map((r) => r.rss.peak - r.rss.before) }
}

async function main(): Promise<void> {
  const started = performance.now()
  const dirs: string[] = []
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'scanner-bench-server-'))
    dirs.push(dir)
    return dir
  }
  try {
    const dataDir = tempDir()
    const server = await startBenchServer(dataDir)
    const session = await signIn(server.url)
    const config = (await (await fetch(new URL(`${METHOD}.get_memory_config`, server.url), { headers: session.headers })).json()) as {
      message: { batch_size: number }
    }
    const batchSize = config.message.batch_size
    const ledger: Ledger = { invoices: new Map(), files: 0 }
    const idleRss = server.rss()
    const phases: Phase[] = []

    log('100 × create_purchase_invoice (50 lines), 10 connections, autocannon')
    const burst = await server.measure(() => createBurst(server.url, session, ledger, { amount: 100, connections: 10, lines: 50 }))
    phases.push({ name: '`create_purchase_invoice`, 50 lines each (autocannon)', concurrency: 10, load: burst.result, rss: burst.rss })
    const burstInvoices = [...ledger.invoices.keys()]

    log(`20 invoices × 1,000 lines in batches of ${batchSize}, 4 at a time`)
    const big = await server.measure(() =>
      sendInvoices(server.url, session, ledger, { invoices: 20, lines: 1000, batch: batchSize, concurrency: 4 }),
    )
    phases.push({
      name: `20 invoices × 1,000 lines: create + append in batches of ${batchSize}`,
      concurrency: 4,
      load: big.result,
      rss: big.rss,
    })

    const photos = readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.jpg'))
      .sort()
      .slice(0, 10)
      .map((f) => join(FIXTURES, f))
    log(`${photos.length} receipt uploads, 4 at a time`)
    const uploads = await server.measure(() =>
      uploadReceipts(server.url, session, ledger, { photos, invoices: burstInvoices, concurrency: 4 }),
    )
    const sizes = photos.map((path) => statSync(path).size / 1024 / 1024)
    const range = `${Math.min(...sizes).toFixed(1)}–${Math.max(...sizes).toFixed(1)} MB`
    phases.push({
      name: `\`upload_file\`: ${photos.length} receipt photos (${range})`,
      concurrency: 4,
      load: uploads.result,
      rss: uploads.rss,
    })

    log(`${BIG_UPLOADS.count} uploads of ${BIG_UPLOADS.mib} MiB at once`)
    const big9 = await server.measure(() => uploadLarge(server.url, session, ledger, BIG_UPLOADS))
    phases.push({
      name: `\`upload_file\`: ${BIG_UPLOADS.count} uploads of ${BIG_UPLOADS.mib} MiB at once (goal: peak under +60 MB)`,
      concurrency: BIG_UPLOADS.count,
      load: big9.result,
      rss: big9.rss,
    })

    const exitCode = await server.stop()
    const verdict = verifyDatabase(dataDir, ledger)
    log(`database ${verdict.exact ? 'holds exactly' : 'does NOT hold'} what was acknowledged`)

    // Each way three times, interleaved, on a fresh server each time; the report takes the medians.
    const runs = new Map<string, Array<Omit<Comparison, 'runs'>>>()
    let oneRequest = { status: 0, message: '' }
    for (let round = 1; round <= COMPARISON_ROUNDS; round += 1) {
      for (const descriptionChars of [0, 1000]) {
        for (const batch of [batchSize, 500]) {
          const lines = descriptionChars ? `${num(descriptionChars)}-character descriptions` : 'short descriptions'
          log(`comparison ${round}/${COMPARISON_ROUNDS}: ${lines}, ${batch} lines per request`)
          const dir = tempDir()
          const fresh = await startBenchServer(dir)
          const freshSession = await signIn(fresh.url)
          const freshLedger: Ledger = { invoices: new Map(), files: 0 }
          const run = await fresh.measure(() =>
            sendInvoices(fresh.url, freshSession, freshLedger, { invoices: 20, lines: 1000, batch, concurrency: 4, descriptionChars }),
          )
          if (batch === 500 && !descriptionChars) oneRequest = await sendInOneRequest(fresh.url, freshSession, 1000)
          await fresh.stop()
          const key = `${lines}/${batch}`
          if (!runs.has(key)) runs.set(key, [])
          runs.get(key)?.push({
            lines,
            batch,
            bodyBytes: Buffer.byteLength(
              JSON.stringify({ invoice: 'ACC-PINV-2026-00001', batch_index: 1, items: makeLines(batch, 1, descriptionChars) }),
            ),
            load: run.result,
            rss: run.rss,
            exact: verifyDatabase(dir, freshLedger).exact,
          })
          rmSync(dir, { recursive: true, force: true })
        }
      }
    }
    const comparisons = [...runs.values()].map(medianRun)
    const durability = await compareSynchronous(batchSize, COMPARISON_ROUNDS, log)

    const markdown = renderReport({
      date: utcMinute(),
      command: COMMAND,
      seconds: (performance.now() - started) / 1000,
      idleRss,
      phases,
      verdict,
      exitCode,
      comparisons,
      oneRequest,
      batchSize,
    })
    const full = `${markdown}\n\n${renderDurability(durability, batchSize, filesystemOf(tmpdir()))}`
    console.log(full)
    writeBenchSection('server', 'Server', full)
    log('wrote docs/benchmarks.md')
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  }
}

await main()
