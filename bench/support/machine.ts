/** One line describing where a bench ran, for docs/benchmarks.md. */
import { cpus, totalmem } from 'node:os'

/** "2 cores (AMD EPYC), 23.5 GB RAM, …; Chromium 156… headless (no GPU); Node v20.20.2." */
export function describeMachine(chromiumVersion: string): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU'
  return `${cpus().length} cores (${cpu}), ${(totalmem() / 1024 ** 3).toFixed(1)} GB RAM, shared with other work while measuring; Chromium ${chromiumVersion} headless (no GPU); Node ${process.version}.`
}

/** "2026-11-29 03:46 UTC" */
export function utcMinute(date = new Date()): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`
}
