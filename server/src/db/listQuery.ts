import { validationError } from '../frappe/errors.ts'
import type { DocTypeMeta } from './doctypes.ts'

/** The raw query-string parameters of `GET /api/resource/<DocType>`. */
export interface RawListParams {
  fields?: unknown
  filters?: unknown
  order_by?: unknown
  limit_start?: unknown
  limit_page_length?: unknown
  limit?: unknown
}

export interface ListQuery {
  sql: string
  params: Array<string | number>
}

const OPERATORS = new Set(['=', 'like', 'in', '>=', '<='])
const MAX_FILTERS = 20
const MAX_IN_VALUES = 500

/**
 * Turns Frappe's list parameters into one parameterised SELECT: field names are checked against the
 * DocType's list, values are always bound. Bad parameters are 417 ValidationErrors with a message.
 */
export function buildListQuery(doctype: string, meta: DocTypeMeta, raw: RawListParams): ListQuery {
  const params: Array<string | number> = []
  const columns = parseFields(doctype, meta, raw.fields).map((f) => `${meta.fields[f]} AS "${f}"`)
  const where = parseFilters(doctype, meta, raw.filters).map(([field, op, value]) => {
    const column = meta.fields[field]
    if (op === 'in') {
      const values = Array.isArray(value) ? value : String(value).split(',').map((v) => v.trim())
      if (values.length === 0) return '0'
      if (values.length > MAX_IN_VALUES) throw validationError(`Filter "in" takes at most ${MAX_IN_VALUES} values`)
      params.push(...values.map(scalar))
      return `${column} IN (${values.map(() => '?').join(', ')})`
    }
    params.push(scalar(value))
    return op === 'like' ? `${column} LIKE ? ESCAPE '\\'` : `${column} ${op} ?`
  })
  const order = parseOrderBy(doctype, meta, raw.order_by)
  const start = parseInteger('limit_start', raw.limit_start, 0)
  const length = parseInteger('limit_page_length', raw.limit_page_length ?? raw.limit, 20)
  let sql = `SELECT ${columns.join(', ')} FROM ${meta.table}`
  if (where.length) sql += ` WHERE ${where.join(' AND ')}`
  sql += ` ORDER BY ${order}`
  // Frappe treats a page length of 0 as "all rows".
  sql += ' LIMIT ? OFFSET ?'
  params.push(length === 0 ? -1 : length, start)
  return { sql, params }
}

function parseJson(name: string, value: unknown): unknown {
  if (typeof value !== 'string') return value
  try {
    return JSON.parse(value)
  } catch {
    throw validationError(`${name} must be JSON, e.g. ${name === 'fields' ? '["name","supplier_name"]' : '[["supplier","=","Aldi Süd"]]'}`)
  }
}

function parseFields(doctype: string, meta: DocTypeMeta, raw: unknown): string[] {
  if (raw === undefined || raw === '') return ['name']
  const fields = parseJson('fields', raw)
  if (!Array.isArray(fields) || fields.length === 0 || !fields.every((f) => typeof f === 'string')) {
    throw validationError('fields must be a JSON list of field names')
  }
  if (fields.includes('*')) return Object.keys(meta.fields)
  return fields.map((field) => knownField(doctype, meta, field.trim()))
}

function knownField(doctype: string, meta: DocTypeMeta, field: string): string {
  if (!Object.hasOwn(meta.fields, field)) {
    throw validationError(`Field not permitted in query: ${field.slice(0, 80)} (${doctype} has ${Object.keys(meta.fields).join(', ')})`)
  }
  return field
}

type Filter = [string, string, unknown]

function parseFilters(doctype: string, meta: DocTypeMeta, raw: unknown): Filter[] {
  if (raw === undefined || raw === '') return []
  const value = parseJson('filters', raw)
  let filters: Filter[]
  if (Array.isArray(value)) {
    filters = value.map((entry) => {
      if (!Array.isArray(entry) || (entry.length !== 3 && entry.length !== 4)) {
        throw validationError('Each filter must be [field, operator, value]')
      }
      // Frappe also accepts [doctype, field, operator, value].
      const [field, op, v] = entry.length === 4 ? entry.slice(1) : entry
      return [field, op, v] as Filter
    })
  } else if (value && typeof value === 'object') {
    filters = Object.entries(value).map(([field, v]) =>
      Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' ? [field, v[0], v[1]] : [field, '=', v],
    )
  } else {
    throw validationError('filters must be a list of [field, operator, value] or an object')
  }
  if (filters.length > MAX_FILTERS) throw validationError(`At most ${MAX_FILTERS} filters are allowed`)
  return filters.map(([field, op, v]) => {
    if (typeof field !== 'string') throw validationError('A filter’s field must be a string')
    const operator = typeof op === 'string' ? op.trim().toLowerCase() : ''
    if (!OPERATORS.has(operator)) {
      throw validationError(`Unsupported filter operator ${JSON.stringify(op)}; use one of =, like, in, >=, <=`)
    }
    return [knownField(doctype, meta, field), operator, v]
  })
}

function scalar(value: unknown): string | number {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string') return value
  if (typeof value === 'boolean') return value ? 1 : 0
  throw validationError('Filter values must be strings or numbers')
}

function parseOrderBy(doctype: string, meta: DocTypeMeta, raw: unknown): string {
  const text = raw === undefined || raw === '' ? meta.defaultOrder : raw
  if (typeof text !== 'string' || text.length > 200) throw validationError('order_by must be like "modified desc"')
  const parts = text.split(',').map((part) => {
    const match = /^\s*`?(?:tab[\w ]+`?\.`?)?(\w+)`?\s*(asc|desc)?\s*$/i.exec(part)
    if (!match?.[1]) throw validationError(`order_by must be like "modified desc", got ${JSON.stringify(part.slice(0, 80))}`)
    return `${meta.fields[knownField(doctype, meta, match[1])]} ${(match[2] ?? 'asc').toUpperCase()}`
  })
  // A stable tie-breaker, so pages never overlap.
  return [...parts, 'rowid ASC'].join(', ')
}

function parseInteger(name: string, raw: unknown, fallback: number): number {
  if (raw === undefined || raw === '') return fallback
  const value = typeof raw === 'number' ? raw : Number(raw)
  if (!Number.isInteger(value) || value < 0 || value > 1_000_000_000) throw validationError(`${name} must be a whole number ≥ 0`)
  return value
}
