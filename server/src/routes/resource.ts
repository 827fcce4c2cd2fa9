import type { FastifyInstance } from 'fastify'
import { DOCTYPES } from '../db/doctypes.ts'
import { getMasterRow } from '../db/documents.ts'
import { buildListQuery, runListQuery, type RawListParams } from '../db/listQuery.ts'
import { getFile } from '../domain/files.ts'
import { getInvoice } from '../domain/invoiceDocument.ts'
import { deleteReceivingInvoice } from '../domain/invoices.ts'
import { ROLE_ACCOUNTS_USER, ROLE_SYSTEM_MANAGER } from '../domain/users.ts'
import { asChildRows, asDocument } from '../frappe/document.ts'
import { doesNotExistError, permissionError } from '../frappe/errors.ts'
import { requireCsrf, requireRole } from '../http/auth.ts'
import type { AppContext } from '../http/context.ts'

const READERS = [ROLE_ACCOUNTS_USER, ROLE_SYSTEM_MANAGER]

/**
 * `GET /api/resource/<DocType>` (list) and `GET /api/resource/<DocType>/<name>` (one document), answering
 * `{data}` as Frappe does, and `DELETE /api/resource/Purchase Invoice/<name>` for a draft the scanner only
 * partly sent. Other writes through /api/resource are not offered: the custom methods create invoices.
 */
export function registerResourceRoutes(app: FastifyInstance, { db, filesDir }: AppContext): void {
  app.get('/api/resource/:doctype', async (request) => {
    requireRole(request, READERS)
    const { doctype } = request.params as { doctype: string }
    const meta = DOCTYPES[doctype]
    if (!meta || !Object.hasOwn(DOCTYPES, doctype)) throw doesNotExistError(`DocType ${doctype} not found`)
    const query = buildListQuery(doctype, meta, request.query as RawListParams)
    return { data: runListQuery(db, query) }
  })

  app.get('/api/resource/:doctype/:name', async (request) => {
    requireRole(request, READERS)
    const { doctype, name } = request.params as { doctype: string; name: string }
    const doc = getDocument(doctype, name)
    if (!doc) throw doesNotExistError(`${doctype} ${name} not found`)
    return { data: doc }
  })

  // Frappe answers a delete with 202 and {"data": "ok"} (frappe/api/v1.py `delete_doc` returns "ok", and
  // frappe/api/__init__.py `handle` puts a resource endpoint's result under `data`).
  app.delete('/api/resource/:doctype/:name', async (request, reply) => {
    const user = requireRole(request, READERS)
    requireCsrf(request)
    const { doctype, name } = request.params as { doctype: string; name: string }
    if (doctype !== 'Purchase Invoice') throw permissionError(`Not permitted: ${doctype} cannot be deleted here`)
    deleteReceivingInvoice(db, filesDir, name, user)
    return reply.code(202).send({ data: 'ok' })
  })

  // Frappe allows inserts and updates here; this server only takes writes through the custom methods.
  app.route({
    method: ['POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/api/resource/*',
    handler: async (request) => {
      requireRole(request, READERS)
      throw permissionError('Not permitted: use the custom_erp methods to create Purchase Invoices')
    },
  })

  /** A document as Frappe's `as_dict()` answers it, or null. */
  function getDocument(doctype: string, name: string): unknown {
    const meta = Object.hasOwn(DOCTYPES, doctype) ? DOCTYPES[doctype] : undefined
    if (!meta) throw doesNotExistError(`DocType ${doctype} not found`)
    if (doctype === 'Purchase Invoice') {
      const invoice = getInvoice(db, name)
      if (!invoice) return null
      const doc = asDocument(doctype, invoice)
      return { ...doc, items: asChildRows(doc, 'items', 'Purchase Invoice Item', invoice.items) }
    }
    const row = doctype === 'File' ? getFile(db, name) : getMasterRow(db, meta, name)
    return row ? asDocument(doctype, row) : null
  }
}
