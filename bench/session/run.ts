/**
 * `npm run bench:session`: a clerk's session — 100 photos, 10 invoices of 10 pages with pasted lines —
 * through the built app in Chromium and through a naive page doing the same the usual way, reading JS heap,
 * live object URLs and renderer memory after each invoice. Prints a markdown table and writes it into
 * docs/benchmarks.md. Figures are reported, never asserted. Builds dist/ first when it is older than src/.
 */
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { writeBenchSection } from '../support/docs'
import { runAppSession } from './appSession'
import { runNaiveSession } from './naiveSession'
import { planSession, REPO_ROOT } from './plan'
import { renderSessionReport } from './report'

const COMMAND = 'npm run bench:session'

function log(message: string): void {
  process.stderr.write(`[bench:session] ${message}\n`)
}

async function main(): Promise<void> {
  const started = Date.now()
  // The embedded server serves dist/; the same check `npm start` makes rebuilds it when src/ is newer.
  const build = spawnSync(process.execPath, [resolve(REPO_ROOT, 'scripts/ensure-build.mjs')], { cwd: REPO_ROOT, stdio: 'inherit' })
  if (build.status !== 0) throw new Error('Building the app failed; see above.')

  const plan = planSession(Date.now().toString(36))
  log(`app: ${plan.length} invoices…`)
  const app = await runAppSession(plan, log)
  log(`naive: ${plan.length} invoices…`)
  const naive = await runNaiveSession(plan, log)

  const markdown = renderSessionReport({
    command: COMMAND,
    chromiumVersion: app.version,
    seconds: (Date.now() - started) / 1000,
    app,
    naive,
  })
  console.log(markdown)
  writeBenchSection('session', 'A clerk’s session: app vs naive', markdown)
  log('wrote docs/benchmarks.md')
}

await main()
