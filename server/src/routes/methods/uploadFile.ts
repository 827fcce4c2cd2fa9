import type { FastifyRequest } from 'fastify'
import type { FrappeFile } from '../../../../src/types/frappe.ts'
import { selectInvoiceOwner } from '../../db/invoiceQueries.ts'
import { saveFile } from '../../domain/files.ts'
import { requireInvoiceWriter } from '../../domain/invoiceAccess.ts'
import { clearSpool, discardUpload, spoolUpload, type SpooledUpload } from '../../domain/uploadSpool.ts'
import { ROLE_ACCOUNTS_USER, ROLE_SYSTEM_MANAGER } from '../../domain/users.ts'
import { doesNotExistError, mandatoryError, tooLargeError, validationError } from '../../frappe/errors.ts'
import { requireRole } from '../../http/auth.ts'
import type { AppContext } from '../../http/context.ts'
import type { MethodRegistry } from './registry.ts'

/** The DocTypes an upload may be attached to. */
const ATTACHABLE = new Set(['Purchase Invoice'])

interface UploadForm {
  fields: Record<string, string>
  file: { upload: SpooledUpload; filename: string } | null
}

/**
 * `upload_file`: multipart with `file`, `doctype`, `docname`, `is_private` (default 1) and an optional
 * `file_name`; answers the File document. Limits (10 MB, one file) are set on the multipart plugin. The file
 * is streamed to a temporary file as it arrives, and refused with 503 under memory pressure like every write.
 */
export function registerUploadFile(methods: MethodRegistry, { db, filesDir, memory }: AppContext): void {
  clearSpool(filesDir)
  methods.define({
    name: 'upload_file',
    verbs: ['POST'],
    async handler({ request }): Promise<FrappeFile> {
      const user = requireRole(request, [ROLE_ACCOUNTS_USER, ROLE_SYSTEM_MANAGER])
      if (!request.isMultipart()) throw validationError('upload_file takes multipart/form-data with a "file" field')
      // Before a byte is read: an upload is the biggest write there is.
      memory.beforeWrite(request.log)
      const form = await readForm(request, filesDir)
      try {
        if (!form.file) throw mandatoryError('No file attached: send it in the "file" field')
        if (form.file.upload.size === 0) throw validationError('The file is empty')
        const doctype = form.fields.doctype
        const docname = form.fields.docname
        if (!doctype || !docname) throw mandatoryError('doctype and docname are required: uploads are attached to a document')
        if (!ATTACHABLE.has(doctype)) throw validationError(`Files can only be attached to ${[...ATTACHABLE].join(', ')}`)
        const owner = selectInvoiceOwner(db, docname)
        if (owner === undefined) throw doesNotExistError(`${doctype} ${docname} not found`)
        requireInvoiceWriter({ name: docname, owner }, user)
        const isPrivate = form.fields.is_private ?? '1'
        if (isPrivate !== '0' && isPrivate !== '1') throw validationError('is_private must be 0 or 1')
        return saveFile(db, filesDir, {
          upload: form.file.upload,
          fileName: form.fields.file_name || form.file.filename,
          doctype,
          docname,
          isPrivate: isPrivate === '1' ? 1 : 0,
          owner: user.name,
        })
      } finally {
        if (form.file) discardUpload(form.file.upload.path)
      }
    },
  })
}

/** Reads the fields and spools the one file; whatever was spooled is removed again if reading fails later. */
async function readForm(request: FastifyRequest, filesDir: string): Promise<UploadForm> {
  const form: UploadForm = { fields: {}, file: null }
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') {
          part.file.resume()
          throw validationError(`Unexpected file field "${part.fieldname.slice(0, 40)}": send the file as "file"`)
        }
        const upload = await spoolUpload(part.file, filesDir)
        form.file = { upload, filename: part.filename }
        // The stream may end cut at the limit instead of failing: never store half a file.
        if (part.file.truncated) throw tooLargeError('The file is larger than 10 MB')
      } else if (part.valueTruncated || part.fieldnameTruncated) {
        throw tooLargeError(`The form field ${part.fieldname.slice(0, 40)} is too long`)
      } else {
        form.fields[part.fieldname] = String(part.value)
      }
    }
  } catch (error) {
    if (form.file) discardUpload(form.file.upload.path)
    throw error
  }
  return form
}
