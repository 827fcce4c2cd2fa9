import { validationError } from '../frappe/errors.ts'
import type { DocTypeMeta } from './doctypes.ts'

// Frappe's filters (`filters`, `or_filters`) as parameterised SQL: field names are checked against the
// DocType's list, every value is bound. The operators and their NULL handling follow
// frappe/model/db_query.py `DatabaseQuery.prepare_filter_condition` (and frappe/database/query.py).

/** The operators this server takes; Frappe's tree and timespan operators are refused with a 417. */
export const OPERATORS = ['=', '!=', '<>', '<', '>', '<=', '>=', 'like', 'not like', 'in', 'not in', 'between', 'is'] as const
type Operator = (typeof OPERATORS)[number]

const MAX_FILTERS = 20
const MAX_IN_VALUES = 500

/** One condition, ready for `WHERE`, and the values it binds in order. */
export interface SqlCondition {
  sql: string
  params: Array<string | number>
}

type Filter = [field: string, operator: Operator, value: unknown]

/**
 * Parses `filters` or `or_filters` (a JSON list of `[field, op, value]` / `[doctype, field, op, value]`, or
 * a `{field: value | [op, value]}` object) into one condition per filter. Empty input → no conditions.
 */
export function parseFilterConditions(name: string, doctype: string, meta: DocTypeMeta, raw: unknown): SqlCondition[] {
  return parseFilters(name, doctype, meta, raw).map(([field, op, value]) => condition(meta.fields[field] as string, op, value))
}

/** A field the DocType lists, or a 417 naming the ones it has. */
export function knownField(doctype: string, meta: DocTypeMeta, field: string): string {
  if (!Object.hasOwn(meta.fields, field)) {
    throw validationError(`Field not permitted in query: ${field.slice(0, 80)} (${doctype} has ${Object.keys(meta.fields).join(', ')})`)
  }
  return field
}

/** Parses a JSON query parameter, or a 417 with an example of what was meant. */
export function parseJsonParam(name: string, value: unknown): unknown {
  if (typeof value !== 'string') return value
  try {
    return JSON.parse(value)
  } catch {
    const example = name === 'fields' || name === 'fieldname' ? '["name","supplier_name"]' : '[["supplier","=","Aldi Süd"]]'
    throw validationError(`${name} must be JSON, e.g. ${example}`)
  }
}

function parseFilters(name: string, doctype: string, meta: DocTypeMeta, raw: unknown): Filter[] {
  if (raw === undefined || raw === null || raw === '') return []
  const value = parseJsonParam(name, raw)
  let filters: Array<[unknown, unknown, unknown]>
  if (Array.isArray(value)) {
    filters = value.map((entry) => {
      if (!Array.isArray(entry) || (entry.length !== 3 && entry.length !== 4))
        throw validationError('Each filter must be [field, operator, value]')
      // Frappe also accepts [doctype, field, operator, value].
      const [field, op, v] = entry.length === 4 ? entry.slice(1) : entry
      return [field, op, v]
    })
  } else if (value && typeof value === 'object') {
    filters = Object.entries(value).map(([field, v]) =>
      Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' ? [field, v[0], v[1]] : [field, '=', v],
    )
  } else {
    throw validationError(`${name} must be a list of [field, operator, value] or an object`)
  }
  if (filters.length > MAX_FILTERS) throw validationError(`At most ${MAX_FILTERS} ${name} are allowed`)
  return filters.map(([field, op, v]) => {
    if (typeof field !== 'string') throw validationError('A filter’s field must be a string')
    const operator = typeof op === 'string' ? op.trim().toLowerCase().replace(/\s+/g, ' ') : ''
    if (!(OPERATORS as readonly string[]).includes(operator)) {
      throw validationError(`Unsupported filter operator ${JSON.stringify(op)}; use one of ${OPERATORS.join(', ')}`)
    }
    return [knownField(doctype, meta, field), operator as Operator, v]
  })
}

function condition(column: string, op: Operator, value: unknown): SqlCondition {
  switch (op) {
    case 'in':
    case 'not in': {
      const values = listOf(value)
      if (values.length > MAX_IN_VALUES) throw validationError(`Filter "${op}" takes at most ${MAX_IN_VALUES} values`)
      if (values.length === 0) return { sql: op === 'in' ? '0' : '1', params: [] }
      const marks = values.map(() => '?').join(', ')
      // Frappe compares `ifnull(column, '')` for the negative operators, so empty fields pass `not in`.
      return op === 'in'
        ? { sql: `${column} IN (${marks})`, params: values }
        : { sql: `(${column} IS NULL OR ${column} NOT IN (${marks}))`, params: values }
    }
    case 'between': {
      const values = listOf(value)
      if (values.length !== 2) throw validationError('Filter "between" takes two values: [from, to]')
      return { sql: `${column} BETWEEN ? AND ?`, params: values }
    }
    case 'is': {
      if (value !== 'set' && value !== 'not set') throw validationError('Filter "is" takes "set" or "not set"')
      return { sql: value === 'set' ? `IFNULL(${column}, '') != ''` : `IFNULL(${column}, '') = ''`, params: [] }
    }
    case 'like':
      return { sql: `${column} LIKE ? ESCAPE '\\'`, params: [scalar(value)] }
    case 'not like':
      return { sql: `(${column} IS NULL OR ${column} NOT LIKE ? ESCAPE '\\')`, params: [scalar(value)] }
    case '!=':
    case '<>':
      return { sql: `(${column} IS NULL OR ${column} != ?)`, params: [scalar(value)] }
    default:
      return { sql: `${column} ${op} ?`, params: [scalar(value)] }
  }
}

/** A list value: a JSON list, or a comma-separated string as Frappe splits it. */
function listOf(value: unknown): Array<string | number> {
  const values = Array.isArray(value)
    ? value
    : String(value)
        .split(',')
        .map((v) => v.trim())
  return values.map(scalar)
}

function scalar(value: unknown): string | number {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string') return value
  if (typeof value === 'boolean') return value ? 1 : 0
  throw validationError('Filter values must be strings or numbers')
}
