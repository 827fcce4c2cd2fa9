import { permissionError } from '../frappe/errors.ts'
import { ROLE_SYSTEM_MANAGER, type AuthUser } from './users.ts'

/**
 * The one rule for writing to an existing invoice (appending lines, attaching files, deleting): its owner or
 * a System Manager, as Frappe's `if_owner` permission gives Accounts Users their own documents only.
 * Anyone else gets 403 PermissionError before anything is written.
 */
export function requireInvoiceWriter(invoice: { name: string; owner: string }, user: AuthUser): void {
  if (invoice.owner === user.name || user.roles.includes(ROLE_SYSTEM_MANAGER)) return
  throw permissionError(`Not permitted: Purchase Invoice ${invoice.name} belongs to ${invoice.owner}`)
}
