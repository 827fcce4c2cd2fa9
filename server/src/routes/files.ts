import { createReadStream } from 'node:fs'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { diskPath, findFileByUrl } from '../domain/files.ts'
import { ROLE_ACCOUNTS_USER, ROLE_SYSTEM_MANAGER } from '../domain/users.ts'
import { doesNotExistError, permissionError } from '../frappe/errors.ts'
import { requireUser } from '../http/auth.ts'
import type { AppContext } from '../http/context.ts'

const FILE_CSP = "default-src 'none'; sandbox"

/**
 * `GET /private/files/<name>` for a user allowed to read the document the file is attached to, and
 * `GET /files/<name>` for public files (is_private 0), as Frappe serves them. Every file is sent with a
 * sandboxing Content-Security-Policy, and a PDF as an attachment unless a signed-in user asks `?inline=1`.
 */
export function registerFileRoutes(app: FastifyInstance, { db, filesDir }: AppContext): void {
  app.get('/private/files/:fileName', async (request, reply) => {
    // A Guest gets 403 with Frappe's words: frappe/utils/response.py `download_private_file` raises werkzeug's
    // Forbidden for `frappe.session.user == "Guest"` (a bench sends werkzeug's HTML page; we keep Frappe's JSON body).
    if (!request.auth.user && !request.auth.badToken && !request.auth.sessionExpired)
      throw permissionError("You don't have permission to access this file")
    const user = requireUser(request)
    const { fileName } = request.params as { fileName: string }
    const file = findFileByUrl(db, `/private/files/${fileName}`)
    if (!file) throw doesNotExistError(`File ${fileName} not found`)
    const readsInvoices = user.roles.includes(ROLE_ACCOUNTS_USER) || user.roles.includes(ROLE_SYSTEM_MANAGER)
    const allowed = file.attached_to_doctype === 'Purchase Invoice' ? readsInvoices : file.owner === user.name
    if (!allowed) throw permissionError('Not permitted to read this file')
    return send(request, reply, { path: diskPath(filesDir, file), file, cache: 'private' })
  })

  app.get('/files/:fileName', async (request, reply) => {
    const { fileName } = request.params as { fileName: string }
    const file = findFileByUrl(db, `/files/${fileName}`)
    if (!file) throw doesNotExistError(`File ${fileName} not found`)
    return send(request, reply, { path: diskPath(filesDir, file), file, cache: 'public' })
  })
}

/**
 * A file's bytes with headers that keep them inert: `sandbox` stops a PDF's or SVG-like payload's scripts
 * and forms even when opened directly, `default-src 'none'` loads nothing it names. A PDF opens inline only
 * for a signed-in user who asks (`?inline=1`); a link handed to anyone else downloads it.
 */
function send(
  request: FastifyRequest,
  reply: FastifyReply,
  { path, file, cache }: { path: string; file: { content_type: string; file_name: string }; cache: 'private' | 'public' },
): FastifyReply {
  const askedInline = (request.query as Record<string, unknown>).inline === '1' && request.auth.user !== null
  const disposition = file.content_type === 'application/pdf' && !askedInline ? 'attachment' : 'inline'
  return reply
    .type(file.content_type)
    .header('X-Content-Type-Options', 'nosniff')
    .header('Content-Security-Policy', FILE_CSP)
    .header('Cache-Control', cache === 'private' ? 'private, max-age=0, must-revalidate' : 'public, max-age=3600')
    .header('Content-Disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(file.file_name)}`)
    .send(createReadStream(path))
}
