import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const REPO_ROOT = resolve(import.meta.dirname, '../../..')
export const FIXTURES_DIR = resolve(REPO_ROOT, '../shared/fixtures/receipts')

export interface RunningServer {
  /** The backend's origin: the API is under `${url}/api/`. */
  url: string
  /** Where the SPA's pages are: `url` itself on the embedded server, `${url}/scanner` on a bench. */
  appUrl: string
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
 * A backend that is already running, from the environment, or null to start the embedded server:
 * BACKEND_URL (e.g. http://localhost:8000, a bench with custom_erp, docs/frappe.md "CI recipe") and
 * BACKEND_APP_BASE, the SPA's router base there (default `/scanner`, hooks.website_route_rules).
 */
export function externalBackend(env: NodeJS.ProcessEnv = process.env): { url: string; appUrl: string } | null {
  const raw = env.BACKEND_URL?.trim()
  if (!raw) return null
  const url = new URL(raw)
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`BACKEND_URL must be an http(s) URL, got ${raw}`)
  const base = (env.BACKEND_APP_BASE ?? '/scanner').replace(/^\/*/, '/').replace(/\/+$/, '')
  return { url: url.origin, appUrl: `${url.origin}${base}` }
}

/**
 * The running server for a test file: the one BACKEND_URL names (nothing started, seeded or stopped), or
 * the embedded server started as `startEmbeddedServer` does. A test that needs the embedded server itself
 * (its own data dir, site config or environment, a restart) fails at once with BACKEND_URL set, saying so,
 * rather than running against a backend it cannot configure.
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const backend = externalBackend()
  if (!backend) return startEmbeddedServer(options)
  const needs = (['dataDir', 'env', 'siteConfig'] as const).filter((key) => options[key] !== undefined)
  if (needs.length > 0) {
    throw new Error(`This test needs the embedded server (it sets ${needs.join(', ')}); run it without BACKEND_URL`)
  }
  return {
    ...backend,
    dataDir: '',
    output: () => `(not started by the tests: BACKEND_URL=${backend.url})`,
    // Not ours to stop.
    stop: async () => {},
  }
}

/**
 * Starts the embedded server as `npm start` does (built app from dist/, `--expose-gc`) on an ephemeral
 * port with a temporary data dir, and resolves once it prints its address.
 */
export async function startEmbeddedServer(options: StartServerOptions = {}): Promise<RunningServer> {
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
    appUrl: url,
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

export interface TestUser {
  usr: string
  pwd: string
  fullName: string
}

/**
 * The users the tests sign in as: the embedded server's seeded ones, or with BACKEND_URL the ones the
 * environment names (BACKEND_USER / BACKEND_PASSWORD / BACKEND_USER_FULL_NAME for an Accounts User clerk,
 * BACKEND_ADMIN_USER / BACKEND_ADMIN_PASSWORD for a System Manager), since a bench has no seeded clerk.
 */
export function testUsers(env: NodeJS.ProcessEnv = process.env): { clerk: TestUser; admin: TestUser } {
  const clerk: TestUser = { usr: 'clerk@example.com', pwd: 'clerk', fullName: 'Demo Clerk' }
  const admin: TestUser = { usr: 'Administrator', pwd: 'admin', fullName: 'Administrator' }
  if (!externalBackend(env)) return { clerk, admin }
  return {
    clerk: {
      usr: env.BACKEND_USER ?? clerk.usr,
      pwd: env.BACKEND_PASSWORD ?? clerk.pwd,
      fullName: env.BACKEND_USER_FULL_NAME ?? clerk.fullName,
    },
    admin: { usr: env.BACKEND_ADMIN_USER ?? admin.usr, pwd: env.BACKEND_ADMIN_PASSWORD ?? admin.pwd, fullName: admin.fullName },
  }
}

export const { clerk: CLERK, admin: ADMIN } = testUsers()
