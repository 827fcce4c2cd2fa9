import { resolve } from 'node:path'

/** The data dir the server and its CLIs use unless told otherwise: SCANNER_DATA_DIR, or ./data. */
export function defaultDataDir(): string {
  return resolve(process.env.SCANNER_DATA_DIR || './data')
}

// What a data dir holds, named once: the server opens these and backup/restore copies the same three.

/** The SQLite database, with its -wal and -shm beside it. */
export const DB_FILE = 'scanner.db'
/** Uploaded files, one per File document. */
export const FILES_DIR = 'files'
/** The operator's settings, as on a Frappe site. */
export const SITE_CONFIG = 'site_config.json'
