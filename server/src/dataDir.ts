// What a data dir holds, named once: the server opens these and backup/restore copies the same three.

/** The SQLite database, with its -wal and -shm beside it. */
export const DB_FILE = 'scanner.db'
/** Uploaded files, one per File document. */
export const FILES_DIR = 'files'
/** The operator's settings, as on a Frappe site. */
export const SITE_CONFIG = 'site_config.json'
