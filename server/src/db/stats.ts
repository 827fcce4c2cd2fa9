import type { Db } from './database.ts'

// What the database holds, for the metrics and for checking a backup: the SQL lives here, the callers
// only ask.

/** How many invoices, invoice lines and files the database holds. */
export interface StoredCounts {
  invoices: number
  invoice_lines: number
  files: number
}

/** Counts the stored invoices, lines and files (each a COUNT over its table). */
export function storedCounts(db: Db): StoredCounts {
  const count = (table: 'purchase_invoice' | 'purchase_invoice_item' | 'file') =>
    db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number
  return { invoices: count('purchase_invoice'), invoice_lines: count('purchase_invoice_item'), files: count('file') }
}

/** The database file's size as SQLite sees it (pages × page size; the WAL not included). */
export function databaseBytes(db: Db): number {
  return (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number)
}

/** The last migration applied to this database. */
export function schemaVersion(db: Db): number {
  return db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get() as number
}

/** Gives back the page cache SQLite can spare (run by the memory cleanup). */
export function shrinkMemory(db: Db): void {
  db.pragma('shrink_memory')
}
