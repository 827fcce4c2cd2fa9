import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { DB_FILE, FILES_DIR, SITE_CONFIG } from '../dataDir.ts'
import { schemaVersion, storedCounts } from '../db/stats.ts'

const MANIFEST = 'backup.json'

/** A backup folder's name: the UTC time it was taken, with `-` for `:` so every file system takes it. */
const FOLDER_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z(-\d+)?$/

/** What a database copy holds, as checked after writing it and before restoring it. */
export interface BackupContents {
  invoices: number
  invoice_lines: number
  files: number
  database_bytes: number
  integrity: 'ok'
  /** The last schema migration in the copy; a server with newer code migrates it on start. */
  schema_version: number
}

/** What `backup.json` in each backup folder says about it. */
export interface BackupManifest extends BackupContents {
  created: string
  source: string
}

/** A backup or restore that cannot go ahead; the message says why and what to do. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BackupError'
  }
}

/**
 * Writes a consistent online copy of a data dir into `<outDir>/<UTC time>/`: scanner.db through
 * SQLite's backup API (one read transaction, so writers carry on and the copy is one moment in
 * time), then files/ and site_config.json. The folder is built as `<name>.partial` and renamed when
 * complete and checked, so a folder without the suffix is always a whole backup.
 */
export async function backupDataDir(options: {
  dataDir: string
  outDir: string
  now?: Date
}): Promise<{ folder: string; manifest: BackupManifest }> {
  const dataDir = resolve(options.dataDir)
  const source = join(dataDir, DB_FILE)
  if (!existsSync(source)) throw new BackupError(`No database at ${source}: is --data-dir (or SCANNER_DATA_DIR) the server's data dir?`)
  const outDir = resolve(options.outDir)
  if (outDir === dataDir || outDir.startsWith(`${dataDir}/`)) throw new BackupError('--out must be outside the data dir')
  // Backups hold password hashes and live session ids: only the service's user may read them.
  mkdirSync(outDir, { recursive: true, mode: 0o700 })
  const folder = freeFolder(outDir, folderStamp(options.now))
  const partial = `${folder}.partial`
  mkdirSync(partial, { mode: 0o700 })
  try {
    const db = new Database(source, { fileMustExist: true })
    try {
      db.pragma('busy_timeout = 5000')
      // Copy every page in one step: between steps a write by the server would restart the copy.
      await db.backup(join(partial, DB_FILE), { progress: ({ totalPages }) => Math.max(totalPages, 100) })
    } finally {
      db.close()
    }
    // A copy in rollback-journal mode is one self-contained file that opens read-only without
    // leaving -wal/-shm beside it; the server switches it back to WAL when it opens it.
    const copy = new Database(join(partial, DB_FILE), { fileMustExist: true })
    try {
      copy.pragma('journal_mode = DELETE')
    } finally {
      copy.close()
    }
    // Files after the database: an upload is written to disk before its row, so every File row in
    // the copy has its file; a file newer than the copy is only an unused extra.
    copyFilesAndConfig(dataDir, partial)
    const manifest: BackupManifest = { created: new Date().toISOString(), source: dataDir, ...inspectDatabase(join(partial, DB_FILE)) }
    writeFileSync(join(partial, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`)
    renameSync(partial, folder)
    return { folder, manifest }
  } catch (error) {
    rmSync(partial, { recursive: true, force: true })
    throw error
  }
}

/**
 * Restores a backup folder into a data dir. Refuses a data dir that holds anything unless `force`,
 * and refuses always while a server (any process) has its database open. With `force` the old data
 * dir is kept beside it as `<dataDir>.before-restore-<time>`, never deleted.
 */
export function restoreBackup(options: { backupDir: string; dataDir: string; force?: boolean; now?: Date }): {
  dataDir: string
  movedAside: string | null
  contents: BackupContents
} {
  const backupDir = resolve(options.backupDir)
  const dataDir = resolve(options.dataDir)
  const backupDb = join(backupDir, DB_FILE)
  if (!existsSync(backupDb)) throw new BackupError(`${backupDir} is not a backup: it has no ${DB_FILE}`)
  if (backupDir.endsWith('.partial')) throw new BackupError(`${backupDir} is an unfinished backup`)
  const contents = inspectDatabase(backupDb)

  const occupied = existsSync(dataDir) && readdirSync(dataDir).length > 0
  if (occupied) {
    if (!statSync(dataDir).isDirectory()) throw new BackupError(`${dataDir} is a file, not a data dir`)
    refuseIfInUse(join(dataDir, DB_FILE))
    if (!options.force)
      throw new BackupError(
        `${dataDir} is not empty: restore into a new folder, or pass --force to replace it (the old one is kept beside it)`,
      )
  }
  const staging = join(dirname(dataDir), `.${basename(dataDir)}.restoring-${process.pid}`)
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(staging, { recursive: true })
  try {
    cpSync(backupDb, join(staging, DB_FILE))
    copyFilesAndConfig(backupDir, staging)
  } catch (error) {
    rmSync(staging, { recursive: true, force: true })
    throw error
  }
  let movedAside: string | null = null
  if (occupied) {
    movedAside = `${dataDir}.before-restore-${folderStamp(options.now)}`
    renameSync(dataDir, movedAside)
  } else if (existsSync(dataDir)) {
    rmSync(dataDir, { recursive: true })
  }
  renameSync(staging, dataDir)
  return { dataDir, movedAside, contents }
}

/** A UTC time usable in a folder name: 2026-11-29T04-10-00Z. */
function folderStamp(date = new Date()): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replaceAll(':', '-')
}

/** Copies the uploads and the site settings, where there are any, from one data dir (or backup) to another. */
function copyFilesAndConfig(from: string, to: string): void {
  if (existsSync(join(from, FILES_DIR))) cpSync(join(from, FILES_DIR), join(to, FILES_DIR), { recursive: true })
  if (existsSync(join(from, SITE_CONFIG))) cpSync(join(from, SITE_CONFIG), join(to, SITE_CONFIG))
}

/** Keeps the newest `keep` backup folders in `outDir` and deletes older ones; answers what it deleted. */
export function pruneBackups(outDir: string, keep: number): string[] {
  const folders = readdirSync(resolve(outDir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && FOLDER_PATTERN.test(entry.name))
    .map((entry) => entry.name)
    .sort()
  const old = folders.slice(0, Math.max(0, folders.length - keep))
  for (const name of old) rmSync(join(resolve(outDir), name), { recursive: true })
  return old.map((name) => join(resolve(outDir), name))
}

/** Opens a copy read-only, checks it page by page and counts what it holds. */
function inspectDatabase(path: string): BackupContents {
  const db = new Database(path, { readonly: true, fileMustExist: true })
  try {
    const check = db.pragma('integrity_check', { simple: true })
    if (check !== 'ok') throw new BackupError(`${path} fails SQLite's integrity check: ${String(check)}`)
    return { ...storedCounts(db), database_bytes: statSync(path).size, integrity: 'ok', schema_version: schemaVersion(db) }
  } finally {
    db.close()
  }
}

/** Throws when another connection (a running server) has the database open. */
function refuseIfInUse(dbPath: string): void {
  if (!existsSync(dbPath)) return
  const db = new Database(dbPath, { fileMustExist: true })
  try {
    db.pragma('busy_timeout = 0')
    // Leaving WAL mode needs the only connection to the file: it fails with SQLITE_BUSY while a server holds it.
    db.pragma('journal_mode = DELETE')
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') {
      throw new BackupError(`${dbPath} is in use by a running server: stop it first (e.g. systemctl stop invoice-scanner)`)
    }
    throw error
  } finally {
    db.close()
  }
}

/** `<outDir>/<stamp>`, or `<stamp>-2`, `-3`… when a backup was already taken in that second. */
function freeFolder(outDir: string, stamp: string): string {
  let folder = join(outDir, stamp)
  for (let n = 2; existsSync(folder) || existsSync(`${folder}.partial`); n += 1) folder = join(outDir, `${stamp}-${n}`)
  return folder
}
