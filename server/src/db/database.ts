import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { ConfigError } from '../config.ts'
import { DB_FILE } from '../dataDir.ts'
import { MIGRATIONS } from './migrations.ts'

export type Db = Database.Database

/** SQLite's `synchronous` in WAL mode: FULL syncs the WAL at every commit, NORMAL only at checkpoints. */
export type Synchronous = 'FULL' | 'NORMAL'

/**
 * SCANNER_SQLITE_SYNCHRONOUS: FULL unless the operator accepts NORMAL's risk (see docs/deployment.md).
 * Throws for any other value, so a typo cannot silently weaken durability.
 */
export function synchronousFromEnv(value = process.env.SCANNER_SQLITE_SYNCHRONOUS): Synchronous {
  if (value === undefined || value === '' || value === 'FULL') return 'FULL'
  if (value === 'NORMAL') return 'NORMAL'
  throw new ConfigError(`SCANNER_SQLITE_SYNCHRONOUS must be FULL or NORMAL, got ${JSON.stringify(value)}`)
}

/**
 * Opens (creating if needed) `<dataDir>/scanner.db` in WAL mode with foreign keys on, and applies the
 * migrations it has not seen yet. `synchronous` is FULL by default: in WAL mode NORMAL (what this build of
 * SQLite would use) may lose commits already answered with a 200 when the machine loses power.
 */
export function openDatabase(dataDir: string, { synchronous = 'FULL' }: { synchronous?: Synchronous } = {}): Db {
  mkdirSync(dataDir, { recursive: true })
  const db = new Database(join(dataDir, DB_FILE))
  db.pragma('journal_mode = WAL')
  db.pragma(`synchronous = ${synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`)
  db.pragma('foreign_keys = ON')
  // The CLI may write (issue a key) while the server runs: wait for the lock rather than fail.
  db.pragma('busy_timeout = 5000')
  migrate(db)
  return db
}

/** Applies pending migrations in order, each in its own transaction. */
function migrate(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)')
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[])
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.version)) continue
    db.transaction(() => {
      db.exec(migration.sql)
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      )
    })()
  }
}

/** Frappe's datetime format (`YYYY-MM-DD HH:MM:SS.ffffff`), in UTC. */
export function nowDatetime(date = new Date()): string {
  return date.toISOString().replace('T', ' ').replace('Z', '000')
}
