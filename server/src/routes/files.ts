import { createReadStream } from 'node:fs'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { diskPath, findFileByUrl } from '../domain/files.ts'
import { ROLE_ACCOUNTS_USER, ROLE_SYSTEM_MANAGER } from '../domain/users.ts'
import { doesNotExistError, permissionError } from '../frappe/errors.ts'
import { requireUser } from '../http/auth.ts'
import type { AppContext } from '../http/context.ts'

/**
 * `GET /private/files/<name>` for a user allowed to read the document the file is attached to, and
 * `GET /files/<name>` for public files (is_private 0), as Frappe serves them.
 */
export function registerFileRoutes(app: FastifyInstance, { db, filesDir }: AppContext): void {
  app.get('/private/files/:fileName', async (request, reply) => {
    const user = requireUser(request)
    const { fileName } = request.params as { fileName: string }
    const file = findFileByUrl(db, `/private/files/${fileName}`)
    if (!file) throw doesNotExistError(`File ${fileName} not found`)
    const readsInvoices = user.roles.includes(ROLE_ACCOUNTS_USER) || user.roles.includes(ROLE_SYSTEM_MANAGER)
    const allowed = file.attached_to_doctype === 'Purchase Invoice' ? readsInvoices : file.owner === user.name
    if (!allowed) throw permissionError('Not permitted to read this file')
    return send(reply, diskPath(filesDir, file), file.content_type, file.file_name, 'private')
  })

  app.get('/files/:fileName', async (request, reply) => {
    const { fileName } = request.params as { fileName: string }
    const file = findFileByUrl(db, `/files/${fileName}`)
    if (!file) throw doesNotExistError(`File ${fileName} not found`)
    return send(reply, diskPath(filesDir, file), file.content_type, file.file_name, 'public')
  })
}

function send(reply: FastifyReply, path: string, type: string, fileName: string, cache: 'private' | 'public'): FastifyReply {
  return reply
    .type(type)
    .header('X-Content-Type-Options', 'nosniff')
    .header('Cache-Control', cache === 'private' ? 'private, max-age=0, must-revalidate' : 'public, max-age=3600')
    .header('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(fileName)}`)
    .send(createReadStream(path))
}
