/**
 * `npm run probe:security [-- --before <checkout>]`: re-runs issue 12's attack cases, each against a fresh
 * server on 127.0.0.1 started from this checkout (and, with --before, from another one, e.g. the commit
 * before the hardening, with node_modules beside it), prints a table and writes it into docs/security.md.
 * Every case sends a fixed number of requests; the probe stops by itself. It reports, it never asserts.
 */
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { writeBenchSection } from '../support/docs.ts'
import { describeMachine, utcMinute } from '../support/machine.ts'
import { CASES, runCase, type Observation } from './cases.ts'

const SECURITY_DOC = resolve(import.meta.dirname, '../../docs/security.md')
const log = (text: string) => console.error(`[probe:security] ${text}`)
const cell = (text: string) => text.replaceAll('|', '\\|')

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { before: { type: 'string' }, 'no-write': { type: 'boolean' } } })
  const before = values.before ? resolve(values.before) : undefined
  const started = performance.now()
  const rows: Array<{ after: Observation; before?: Observation }> = []
  for (const attack of CASES) {
    log(`${attack.item}: ${attack.title}`)
    const row: { after: Observation; before?: Observation } = { after: await runCase(attack, 'after', undefined) }
    if (before) row.before = await runCase(attack, 'before', before)
    rows.push(row)
  }
  const seconds = (performance.now() - started) / 1000
  const lines = [
    `Measured ${utcMinute()} with \`npm run probe:security${before ? ' -- --before <checkout>' : ''}\` (${Math.round(seconds)} s, ` +
      `${CASES.reduce((n, c) => n + c.requests, 0) * (before ? 2 : 1)} attack requests).`,
    `Machine: ${describeMachine()}`,
    before ? `*Before* is the server of the checkout given with --before, run by the same probe in the same run.` : '',
    '',
    before
      ? '| Item | Case | Attack | Requests | A defended server answers | Before | After | Defended |'
      : '| Item | Case | Attack | Requests | A defended server answers | Observed | Defended |',
    before ? '|---|---|---|--:|---|---|---|---|' : '|---|---|---|--:|---|---|---|',
  ]
  CASES.forEach((attack, i) => {
    const row = rows[i] as { after: Observation; before?: Observation }
    const verdict = row.after.defended ? 'yes' : '**no**'
    const head = `| ${attack.item} | ${cell(attack.title)} | ${cell(attack.attack)} | ${attack.requests} | ${cell(attack.expected)} |`
    lines.push(
      before
        ? `${head} ${cell(row.before?.observed ?? '')} | ${cell(row.after.observed)} | ${verdict} |`
        : `${head} ${cell(row.after.observed)} | ${verdict} |`,
    )
  })
  lines.push('')
  lines.push('Latencies and RSS move with the machine’s load (two cores shared with other work); the verdicts are what the probe checks.')
  const markdown = lines.filter((l, i) => l !== '' || lines[i - 1] !== '').join('\n')
  console.log(markdown)
  if (!values['no-write']) {
    writeBenchSection('probe', 'Probe results', markdown, SECURITY_DOC)
    log('wrote docs/security.md')
  }
}

await main()
