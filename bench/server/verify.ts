/** Compares what the database holds with what the server acknowledged, opening SQLite read-only. */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { Ledger } from './load.ts'

export interface Verdict {
  exact: boolean
  invoices: { acknowledged: number; stored: number }
  lines: { acknowledged: number; stored: number }
  files: { acknowledged: number; stored: number }
  /** Invoices whose stored lines differ from what was acknowledged (or that were never acknowledged). */
  differences: string[]
}

/** Reads `<dataDir>/scanner.db` (the server stopped) and checks it holds exactly the ledger. */
export function verifyDatabase(dataDir: string, ledger: Ledger): Verdict {
  const db = new Database(join(dataDir, 'scanner.db'), { readonly: true, fileMustExist: true })
  try {
    const rows = db
      .prepare(
        'SELECT name, items_received, (SELECT COUNT(*) FROM purchase_invoice_item WHERE parent = p.name) AS lines FROM purchase_invoice p',
      )
      .all() as Array<{ name: string; items_received: number; lines: number }>
    const differences: string[] = []
    const stored = new Map(rows.map((row) => [row.name, row]))
    for (const row of rows) {
      const acknowledged = ledger.invoices.get(row.name)
      if (acknowledged === undefined) differences.push(`${row.name} is stored but was never acknowledged`)
      else if (row.lines !== acknowledged || row.items_received !== acknowledged) {
        differences.push(`${row.name}: ${row.lines} lines stored, ${acknowledged} acknowledged`)
      }
    }
    for (const name of ledger.invoices.keys()) if (!stored.has(name)) differences.push(`${name} was acknowledged but is missing`)
    const acknowledgedLines = [...ledger.invoices.values()].reduce((sum, n) => sum + n, 0)
    const storedLines = db.prepare('SELECT COUNT(*) FROM purchase_invoice_item').pluck().get() as number
    const storedFiles = db.prepare('SELECT COUNT(*) FROM file').pluck().get() as number
    return {
      exact: differences.length === 0 && storedLines === acknowledgedLines && storedFiles === ledger.files,
      invoices: { acknowledged: ledger.invoices.size, stored: rows.length },
      lines: { acknowledged: acknowledgedLines, stored: storedLines },
      files: { acknowledged: ledger.files, stored: storedFiles },
      differences,
    }
  } finally {
    db.close()
  }
}
