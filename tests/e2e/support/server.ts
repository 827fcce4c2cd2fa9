import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const REPO_ROOT = resolve(import.meta.dirname, '../../..')
export const FIXTURES_DIR = resolve(REPO_ROOT, '../shared/fixtures/receipts')

export interface RunningServer {
  url: string
  dataDir: string
  /** Everything the server printed, for a failing test's message. */
  output: () => string
  /** Stops the process; with `{ keepData: true }` the data dir survives for a restart. */
  stop: (options?: { keepData?: boolean }) => Promise<void>
}

export interface StartServerOptions {
  dataDir?: string
  env?: Record<string, string>
  /** Written as `site_config.json` in the data dir before start. */
  siteConfig?: Record<string, unknown>
  /** How long the server may take to say its address (default 30 s; a bench on a busy machine gives it more). */
  startTimeoutMs?: number
}

/**
 * Starts the embedded server as `npm start` does (built app from dist/, `--expose-gc`) on an ephemeral
 * port with a temporary data dir, and resolves once it prints its address.
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'scanner-e2e-'))
  if (options.siteConfig) writeFileSync(join(dataDir, 'site_config.json'), JSON.stringify(options.siteConfig))
  const child: ChildProcess = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'server/src/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SCANNER_DATA_DIR: dataDir, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timeoutMs = options.startTimeoutMs ?? 30_000
    const timer = setTimeout(() => {
      // Not left running behind the failure.
      child.kill('SIGTERM')
      reject(new Error(`server did not start in ${timeoutMs / 1000} s:\n${output}`))
    }, timeoutMs)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /Invoice Scanner listening on (http:\/\/[^\s]+)/.exec(output)
      if (match?.[1]) {
        clearTimeout(timer)
        resolveUrl(match[1])
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code}:\n${output}`))
    })
  })
  return {
    url,
    dataDir,
    output: () => output,
    async stop({ keepData = false } = {}) {
      if (child.exitCode === null) {
        const exited = new Promise((done) => child.once('exit', done))
        child.kill('SIGTERM')
        await exited
      }
      if (!keepData && !options.dataDir) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export const CLERK = { usr: 'clerk@example.com', pwd: 'clerk', fullName: 'Demo Clerk' } as const
export const ADMIN = { usr: 'Administrator', pwd: 'admin' } as const
