import { CUSTOM_ERP_METHOD_PREFIX, type InvoiceProgress } from '../../../../src/types/frappe.ts'
import { appendItems, createInvoice, type InvoiceDeps } from '../../domain/invoices.ts'
import { ROLE_ACCOUNTS_USER, ROLE_SYSTEM_MANAGER } from '../../domain/users.ts'
import { requireRole } from '../../http/auth.ts'
import type { MethodRegistry } from './registry.ts'
import { appendItemsBody, createInvoiceBody } from './schemas.ts'

const WRITERS = [ROLE_ACCOUNTS_USER, ROLE_SYSTEM_MANAGER]

/** create_purchase_invoice and append_invoice_items (POST only, CSRF-checked by the registry). */
export function registerInvoiceMethods(methods: MethodRegistry, deps: InvoiceDeps): void {
  methods.define({
    name: `${CUSTOM_ERP_METHOD_PREFIX}.create_purchase_invoice`,
    verbs: ['POST'],
    schema: { body: createInvoiceBody },
    handler({ request, args }): InvoiceProgress {
      const user = requireRole(request, WRITERS)
      return createInvoice({ ...deps, log: request.log }, args, user.name)
    },
  })

  methods.define({
    name: `${CUSTOM_ERP_METHOD_PREFIX}.append_invoice_items`,
    verbs: ['POST'],
    schema: { body: appendItemsBody },
    handler({ request, args }): InvoiceProgress {
      const user = requireRole(request, WRITERS)
      return appendItems({ ...deps, log: request.log }, args, user)
    },
  })
}
