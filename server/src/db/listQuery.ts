import { validationError } from '../frappe/errors.ts'
import type { Db } from './database.ts'
import type { DocTypeMeta } from './doctypes.ts'
import { knownField, parseFilterConditions, parseJsonParam, type SqlCondition } from './listFilters.ts'

/** The raw query-string parameters of `GET /api/resource/<DocType>` (frappe.client.get_list's arguments). */
export interface RawListParams {
  fields?: unknown
  filters?: unknown
  or_filters?: unknown
  group_by?: unknown
  order_by?: unknown
  limit_start?: unknown
  limit_page_length?: unknown
  limit?: unknown
  as_dict?: unknown
}

export interface ListQuery {
  sql: string
  params: Array<string | number>
  /** false: answer each row as a list of values (`as_dict=0`), in the order of `fields`. */
  asDict: boolean
}

const AGGREGATE = /^(count|sum|avg|min|max)\(\s*(\*|`?\w+`?)\s*\)(?:\s+as\s+(\w+))?$/i
const FIELD = /^`?(\w+)`?(?:\s+as\s+(\w+))?$/i

/**
 * Turns Frappe's list parameters into one parameterised SELECT, as frappe/model/db_query.py
 * `DatabaseQuery.execute` builds it: `filters` ANDed, `or_filters` ORed and ANDed with them, `group_by`,
 * aggregates like `count(name) as count` in `fields`, `as_dict`. Field names are checked against the
 * DocType's list, values are always bound. Bad parameters are 417 ValidationErrors with a message.
 */
export function buildListQuery(doctype: string, meta: DocTypeMeta, raw: RawListParams): ListQuery {
  const columns = parseFields(doctype, meta, raw.fields)
  const where = whereClause(doctype, meta, raw.filters, raw.or_filters)
  const groupBy = parseGroupBy(doctype, meta, raw.group_by)
  const order = parseOrderBy(doctype, meta, raw.order_by, groupBy === undefined)
  const start = parseInteger('limit_start', raw.limit_start, 0)
  const length = parseInteger('limit_page_length', raw.limit_page_length ?? raw.limit, 20)
  let sql = `SELECT ${columns.join(', ')} FROM ${meta.table}${where.sql}`
  if (groupBy) sql += ` GROUP BY ${groupBy}`
  sql += ` ORDER BY ${order}`
  // Frappe treats a page length of 0 as "all rows".
  sql += ' LIMIT ? OFFSET ?'
  return { sql, params: [...where.params, length === 0 ? -1 : length, start], asDict: parseAsDict(raw.as_dict) }
}

/** Runs a {@link buildListQuery} query: objects, or lists of values for `as_dict=0`. */
export function runListQuery(db: Db, query: ListQuery): unknown[] {
  const statement = db.prepare(query.sql)
  return query.asDict ? statement.all(...query.params) : statement.raw(true).all(...query.params)
}

/** `frappe.client.get_count`: how many rows match `filters` (frappe/database/database.py `count`). */
export function countRows(db: Db, doctype: string, meta: DocTypeMeta, filters: unknown): number {
  const where = whereClause(doctype, meta, filters, undefined)
  return db
    .prepare(`SELECT COUNT(*) FROM ${meta.table}${where.sql}`)
    .pluck()
    .get(...where.params) as number
}

function whereClause(doctype: string, meta: DocTypeMeta, filters: unknown, orFilters: unknown): SqlCondition {
  const and = parseFilterConditions('filters', doctype, meta, filters)
  const or = parseFilterConditions('or_filters', doctype, meta, orFilters)
  const parts = and.map((c) => c.sql)
  if (or.length) parts.push(`(${or.map((c) => c.sql).join(' OR ')})`)
  const params = [...and, ...or].flatMap((c) => c.params)
  return { sql: parts.length ? ` WHERE ${parts.join(' AND ')}` : '', params }
}

function parseFields(doctype: string, meta: DocTypeMeta, raw: unknown): string[] {
  if (raw === undefined || raw === '') return [column(meta, 'name', 'name')]
  const fields = parseJsonParam('fields', raw)
  if (!Array.isArray(fields) || fields.length === 0 || !fields.every((f) => typeof f === 'string')) {
    throw validationError('fields must be a JSON list of field names')
  }
  if (fields.includes('*')) return Object.keys(meta.fields).map((f) => column(meta, f, f))
  return fields.map((text) => {
    const field = text.trim()
    const aggregate = AGGREGATE.exec(field)
    if (aggregate) {
      const [, fn = '', argument = '', alias] = aggregate
      const name = argument.replaceAll('`', '')
      if (name === '*' && fn.toLowerCase() !== 'count') throw validationError(`${fn}(*) is not a field: name one, e.g. ${fn}(grand_total)`)
      const inner = name === '*' ? '*' : meta.fields[knownField(doctype, meta, name)]
      return `${fn.toUpperCase()}(${inner}) AS "${alias ?? field.replaceAll('"', '')}"`
    }
    const plain = FIELD.exec(field)
    if (!plain?.[1]) return knownField(doctype, meta, field)
    return column(meta, knownField(doctype, meta, plain[1]), plain[2] ?? plain[1])
  })
}

function column(meta: DocTypeMeta, field: string, alias: string): string {
  return `${meta.fields[field]} AS "${alias}"`
}

function parseGroupBy(doctype: string, meta: DocTypeMeta, raw: unknown): string | undefined {
  if (raw === undefined || raw === '' || raw === null) return undefined
  if (typeof raw !== 'string' || raw.length > 200) throw validationError('group_by must be a field name, e.g. "supplier"')
  return raw
    .split(',')
    .map((part) => {
      const match = /^\s*`?(?:tab[\w ]+`?\.`?)?(\w+)`?\s*$/.exec(part)
      if (!match?.[1]) throw validationError(`group_by must be field names, got ${JSON.stringify(part.slice(0, 80))}`)
      return meta.fields[knownField(doctype, meta, match[1])]
    })
    .join(', ')
}

function parseOrderBy(doctype: string, meta: DocTypeMeta, raw: unknown, tieBreak: boolean): string {
  const text = raw === undefined || raw === '' ? meta.defaultOrder : raw
  if (typeof text !== 'string' || text.length > 200) throw validationError('order_by must be like "modified desc"')
  let direction = 'ASC'
  const parts = text.split(',').map((part) => {
    const match = /^\s*`?(?:tab[\w ]+`?\.`?)?(\w+)`?\s*(asc|desc)?\s*$/i.exec(part)
    if (!match?.[1]) throw validationError(`order_by must be like "modified desc", got ${JSON.stringify(part.slice(0, 80))}`)
    direction = (match[2] ?? 'asc').toUpperCase()
    return `${meta.fields[knownField(doctype, meta, match[1])]} ${direction}`
  })
  // A stable tie-breaker, so pages never overlap: insertion order in the last term's direction, so rows
  // stored in the same millisecond still come newest first under "creation desc" (a grouped row has no
  // single rowid to break ties with).
  return (tieBreak ? [...parts, `rowid ${direction}`] : parts).join(', ')
}

/** `as_dict` as frappe/api/v1.py `document_list` reads it with `sbool`: true/1 or false/0. */
function parseAsDict(raw: unknown): boolean {
  if (raw === undefined || raw === '' || raw === true || raw === 1) return true
  if (raw === false || raw === 0) return false
  const text = String(raw).toLowerCase()
  if (text === 'true' || text === '1') return true
  if (text === 'false' || text === '0') return false
  throw validationError('as_dict must be true, false, 1 or 0')
}

/** Decimal digits only: `0x10`, `1e3`, ` 5` or `2.0` are refused rather than read as something else. */
function parseInteger(name: string, raw: unknown, fallback: number): number {
  if (raw === undefined || raw === '') return fallback
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,10}$/.test(raw) ? Number(raw) : Number.NaN
  if (!Number.isInteger(value) || value < 0 || value > 1_000_000_000)
    throw validationError(`${name} must be a whole number ≥ 0, in decimal digits`)
  return value
}
