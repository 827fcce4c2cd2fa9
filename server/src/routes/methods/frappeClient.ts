import { DOCTYPES, type DocTypeMeta } from '../../db/doctypes.ts'
import { buildListQuery, countRows, runListQuery } from '../../db/listQuery.ts'
import { ROLE_ACCOUNTS_USER, ROLE_SYSTEM_MANAGER } from '../../domain/users.ts'
import { doesNotExistError, permissionError, validationError } from '../../frappe/errors.ts'
import { requireRole } from '../../http/auth.ts'
import type { AppContext } from '../../http/context.ts'
import type { MethodRegistry } from './registry.ts'
import { frappeClientArgs } from './schemas.ts'

// The read methods of frappe/client.py that frappe-js-sdk's getCount / getValue / getSingleValue (and
// frappe-react-sdk's count and value hooks) call, over the same DocTypes as /api/resource. Its writes are
// refused with 403, as Frappe refuses a write the user may not make: this server takes writes only
// through the custom_erp methods.

const READERS = [ROLE_ACCOUNTS_USER, ROLE_SYSTEM_MANAGER]

/** frappe.client methods that write; each answers 403 PermissionError here. */
const WRITES = ['insert', 'insert_many', 'save', 'set_value', 'submit', 'cancel', 'delete', 'rename_doc', 'bulk_update', 'attach_file']

/** The one Single DocType this server can answer, and the fields it has. */
const SINGLES: Record<string, Record<string, () => unknown>> = {
  // The server's dates (posting_date "today") follow its own time zone, as Frappe's follow the site's.
  'System Settings': { time_zone: () => Intl.DateTimeFormat().resolvedOptions().timeZone },
}

/** frappe.client.get_count, get_value, get_list, get_single_value, and 403 for its writes. */
export function registerFrappeClientMethods(methods: MethodRegistry, { db }: AppContext): void {
  /** A read method of frappe.client: GET or POST, its arguments checked by one schema, for readers only. */
  const defineRead = (name: string, read: (args: Record<string, unknown>) => unknown) =>
    methods.define({
      name: `frappe.client.${name}`,
      verbs: ['GET', 'POST'],
      schema: { querystring: frappeClientArgs, body: frappeClientArgs },
      handler({ request, args }) {
        requireRole(request, READERS)
        return read(args)
      },
    })

  defineRead('get_count', (args) => {
    const { doctype, meta } = doctypeOf(args.doctype)
    return countRows(db, doctype, meta, args.filters)
  })

  defineRead('get_list', (args) => {
    const { doctype, meta } = doctypeOf(args.doctype)
    return runListQuery(db, buildListQuery(doctype, meta, args))
  })

  defineRead('get_value', (args) => {
    const { doctype, meta } = doctypeOf(args.doctype)
    const fields = fieldList(args.fieldname)
    // A plain string is a document name (frappe/client.py get_value → get_safe_filters).
    const filters = typeof args.filters === 'string' && !/^\s*[[{]/.test(args.filters) ? { name: args.filters } : args.filters
    const asDict = args.as_dict === undefined ? true : sbool(args.as_dict, 'as_dict')
    const query = buildListQuery(doctype, meta, { fields, filters, limit_page_length: 1, as_dict: asDict })
    const [row] = runListQuery(db, query)
    // As frappe/client.py get_value: a dict (or {}) for as_dict, else the value or the list of values.
    if (asDict) return row ?? {}
    if (row === undefined) return null
    return fields.length > 1 ? row : (row as unknown[])[0]
  })

  defineRead('get_single_value', (args) => {
    const doctype = String(args.doctype ?? '')
    const single = Object.hasOwn(SINGLES, doctype) ? SINGLES[doctype] : undefined
    if (!single) {
      if (Object.hasOwn(DOCTYPES, doctype)) throw validationError(`${doctype} is not a Single DocType`)
      throw doesNotExistError(`DocType ${doctype.slice(0, 80)} not found`)
    }
    const field = String(args.field ?? '')
    const read = Object.hasOwn(single, field) ? single[field] : undefined
    if (!read)
      throw validationError(`Field not permitted in query: ${field.slice(0, 80)} (${doctype} has ${Object.keys(single).join(', ')})`)
    return read()
  })

  for (const write of WRITES) {
    methods.define({
      name: `frappe.client.${write}`,
      verbs: ['GET', 'POST'],
      handler({ request }) {
        requireRole(request, READERS)
        throw permissionError(
          `Not permitted: frappe.client.${write} is not offered here; invoices are written through the custom_erp methods`,
        )
      },
    })
  }
}

function doctypeOf(raw: unknown): { doctype: string; meta: DocTypeMeta } {
  const doctype = typeof raw === 'string' ? raw : ''
  const meta = Object.hasOwn(DOCTYPES, doctype) ? DOCTYPES[doctype] : undefined
  if (!meta) throw doesNotExistError(`DocType ${doctype.slice(0, 80) || '(none)'} not found`)
  return { doctype, meta }
}

/** `fieldname` as frappe/client.py get_value reads it: a JSON list, or one field name; none → name. */
function fieldList(raw: unknown): string[] {
  if (raw === undefined || raw === null || raw === '') return ['name']
  let value: unknown = raw
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw)
    } catch {
      value = raw
    }
  }
  const fields = Array.isArray(value) ? value : [value]
  if (!fields.every((f) => typeof f === 'string')) throw validationError('fieldname must be a field name or a JSON list of them')
  return fields.length ? (fields as string[]) : ['name']
}

/** A boolean argument as Frappe coerces one from a query string: true/1 or false/0. */
function sbool(raw: unknown, name: string): boolean {
  if (raw === true || raw === 1 || raw === 'true' || raw === '1' || raw === 'True') return true
  if (raw === false || raw === 0 || raw === 'false' || raw === '0' || raw === 'False') return false
  throw validationError(`${name} must be true or false`)
}
