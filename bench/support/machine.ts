/** One line describing where a bench ran, for docs/benchmarks.md. */
import { cpus, loadavg, totalmem } from 'node:os'

/**
 * "2 cores (AMD EPYC), 23.5 GB RAM, load average 1.2 over the run's last minute; Chromium 156… headless
 * (no GPU); Node v20.20.2." The load (which includes the bench itself) says whether anything else was
 * competing for the two cores.
 */
export function describeMachine(chromiumVersion?: string): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU'
  const browser = chromiumVersion ? `; Chromium ${chromiumVersion} headless (no GPU)` : ''
  return `${cpus().length} cores (${cpu}), ${(totalmem() / 1024 ** 3).toFixed(1)} GB RAM, load average ${loadavg()[0]!.toFixed(1)} over the run's last minute (the bench included)${browser}; Node ${process.version}.`
}

/** "2026-11-29 03:46 UTC" */
export function utcMinute(date = new Date()): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`
}
