/**
 * The embedded server as its own process (so its memory is its own), started the way `npm run server`
 * does on an ephemeral port, with its resident memory read from /proc every 100 ms.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'

export const REPO_ROOT = resolve(import.meta.dirname, '../..')
const MB = 1024 * 1024

/** A phase's resident memory in MB: when it began, the highest during it, when it ended. */
export interface RssFigures {
  before: number
  /** The highest 100 ms sample, or the kernel's high-water mark for the phase when that is higher. */
  peak: number
  after: number
  /** Whether `peak` includes VmHWM (reset before the phase through /proc/<pid>/clear_refs). */
  kernelPeak: boolean
}

export interface BenchServer {
  url: string
  pid: number
  /** Runs `work` while sampling the server's RSS every 100 ms. */
  measure: <T>(work: () => Promise<T>) => Promise<{ result: T; rss: RssFigures }>
  /** Resident memory now, in MB. */
  rss: () => number
  /** SIGTERM, then waits for the exit code. */
  stop: () => Promise<number | null>
}

/** VmRSS (or VmHWM, its high-water mark) of a process from /proc/<pid>/status, in bytes. */
export function readRss(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  if (!match?.[1]) throw new Error(`no ${field} for process ${pid}`)
  return Number(match[1]) * 1024
}

/** Resets the process's VmHWM to its current RSS; false where the kernel does not allow it. */
function resetHighWaterMark(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5')
    return true
  } catch {
    return false
  }
}

/**
 * Starts `node --expose-gc --import tsx server/src/main.ts` on 127.0.0.1:0 with this data dir, more environment
 * (e.g. SCANNER_SQLITE_SYNCHRONOUS), and optionally from another checkout (the security probe's before/after).
 */
export async function startBenchServer(dataDir: string, env: Record<string, string> = {}, repoRoot = REPO_ROOT): Promise<BenchServer> {
  const child: ChildProcess = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'server/src/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      SCANNER_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      SCANNER_ADMIN_PASSWORD: 'admin',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const url = await new Promise<string>((done, fail) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /^Invoice Scanner listening on (http:\/\/\S+)$/m.exec(output)
      if (match?.[1]) done(match[1])
    })
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('exit', (code) => fail(new Error(`the server exited with ${code}:\n${output}`)))
  })
  const pid = child.pid as number
  const rss = () => readRss(pid) / MB
  return {
    url,
    pid,
    rss,
    async measure(work) {
      const kernelPeak = resetHighWaterMark(pid)
      const before = rss()
      let peak = before
      const timer = setInterval(() => (peak = Math.max(peak, rss())), 100)
      try {
        const result = await work()
        const after = rss()
        const hwm = kernelPeak ? readRss(pid, 'VmHWM') / MB : 0
        return { result, rss: { before, peak: Math.max(peak, after, hwm), after, kernelPeak } }
      } finally {
        clearInterval(timer)
      }
    },
    stop: () =>
      new Promise((done) => {
        if (child.exitCode !== null) return done(child.exitCode)
        child.removeAllListeners('exit')
        child.once('exit', (code) => done(code))
        child.kill('SIGTERM')
      }),
  }
}
