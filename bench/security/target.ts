/**
 * One server under attack for the security probe: a fresh data dir, the server as its own process on
 * 127.0.0.1 (from this checkout or another, for a before/after), and the few things an attacker's helper
 * needs that the API does not offer — a second clerk and an API key pair, written straight into SQLite.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '../../server/src/db/database.ts'
import { createUser, issueApiKey } from '../../server/src/domain/users.ts'
import { startBenchServer, type BenchServer } from '../server/serverProcess.ts'

export const SECOND_CLERK = { usr: 'second.clerk@example.com', pwd: 'second-clerk-pw' }
export const DEMO_CLERK = { usr: 'clerk@example.com', pwd: 'clerk' }

export interface Target {
  /** Which code runs: 'after' (this checkout) or 'before' (the one given with --before). */
  label: string
  server: BenchServer
  dataDir: string
  /** Stops the server and starts it again on the same data dir (lockouts, sessions must survive). */
  restart: () => Promise<void>
  /** Adds a user or a key pair while the server runs (WAL lets both write). */
  withDb: <T>(work: (db: ReturnType<typeof openDatabase>) => T | Promise<T>) => Promise<T>
  stop: () => Promise<void>
}

/** Starts a target; `env` e.g. SCANNER_TRUST_PROXY=1 for the forwarded-address cases. */
export async function startTarget(label: string, repoRoot: string | undefined, env: Record<string, string> = {}): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), 'scanner-probe-'))
  const start = () => startBenchServer(dataDir, { SCANNER_SEED_DEMO: '1', ...env }, repoRoot)
  const target: Target = {
    label,
    server: await start(),
    dataDir,
    async restart() {
      await target.server.stop()
      target.server = await start()
    },
    async withDb(work) {
      const db = openDatabase(dataDir)
      try {
        return await work(db)
      } finally {
        db.close()
      }
    },
    async stop() {
      await target.server.stop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
  return target
}

/** Creates the second clerk (Accounts User) the ownership cases act as. */
export function addSecondClerk(target: Target): Promise<void> {
  return target.withDb((db) =>
    createUser(db, { name: SECOND_CLERK.usr, full_name: 'Second Clerk', password: SECOND_CLERK.pwd, roles: ['Accounts User'] }),
  )
}

/** A fresh API key pair for the demo clerk, as `token key:secret`. */
export function clerkToken(target: Target): Promise<string> {
  return target.withDb((db) => {
    const { api_key, api_secret } = issueApiKey(db, DEMO_CLERK.usr)
    return `token ${api_key}:${api_secret}`
  })
}
