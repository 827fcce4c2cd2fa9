import type { Statement } from 'better-sqlite3'
import type { Db } from './database.ts'

// Each query module's SQL is compiled once per connection and reused: preparing is SQLite parsing the text,
// and the hot paths (a batch of lines, every request's session) would otherwise parse it on every call.

const cache = new WeakMap<Db, Map<string, Statement>>()

/**
 * The prepared statement for `sql` on this connection, compiled on first use. `pluck` statements answer
 * the first column only; the flag is part of the key, so one text used both ways gets two statements.
 */
export function prepared(db: Db, sql: string, { pluck = false }: { pluck?: boolean } = {}): Statement {
  let statements = cache.get(db)
  if (!statements) cache.set(db, (statements = new Map()))
  const key = `${pluck ? 'pluck' : 'row'}:${sql}`
  let statement = statements.get(key)
  if (!statement) {
    statement = db.prepare(sql)
    if (pluck) statement.pluck()
    statements.set(key, statement)
  }
  return statement
}
