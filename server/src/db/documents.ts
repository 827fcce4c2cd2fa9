import type { Db } from './database.ts'
import type { DocTypeMeta } from './doctypes.ts'

/** The user who owns what the server seeds (Suppliers, Items), as an installed app's records in Frappe. */
const SEED_OWNER = 'Administrator'

/**
 * One row of a master DocType (Supplier, Item) with every listed field, owned by Administrator who
 * seeded it; null when there is none. Only the DocType's own field list reaches SQL as identifiers.
 */
export function getMasterRow(
  db: Db,
  meta: DocTypeMeta,
  name: string,
): (Record<string, unknown> & { name: string; owner: string; creation: string; modified: string }) | null {
  const columns = Object.entries(meta.fields).map(([field, sql]) => `${sql} AS "${field}"`)
  const row = db.prepare(`SELECT ${columns.join(', ')} FROM ${meta.table} WHERE name = ?`).get(name) as
    (Record<string, unknown> & { name: string; creation: string; modified: string }) | undefined
  return row ? { owner: SEED_OWNER, ...row } : null
}
