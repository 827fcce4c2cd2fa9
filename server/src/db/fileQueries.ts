import type { FrappeFile } from '../../../src/types/frappe.ts'
import type { Db } from './database.ts'
import { prepared } from './statements.ts'

// The file table: one row per stored upload, attached to a document.

const COLUMNS = 'name, file_name, file_url, file_size, content_hash, attached_to_doctype, attached_to_name, is_private'

/** A File row with what serving it needs. */
export interface FileRow extends FrappeFile {
  content_type: string
  owner: string
}

/** A File document with its owner and times. */
export type FileDocumentRow = FrappeFile & { owner: string; creation: string; modified: string }

/** A File by name, or undefined. */
export function selectFile(db: Db, name: string): FileDocumentRow | undefined {
  return prepared(db, `SELECT ${COLUMNS}, owner, creation, modified FROM file WHERE name = ?`).get(name) as FileDocumentRow | undefined
}

/** A File by its URL, or undefined. */
export function selectFileByUrl(db: Db, fileUrl: string): FileRow | undefined {
  return prepared(db, `SELECT ${COLUMNS}, content_type, owner FROM file WHERE file_url = ?`).get(fileUrl) as FileRow | undefined
}

/** Whether a File already has this URL. */
export function fileUrlTaken(db: Db, fileUrl: string): boolean {
  return prepared(db, 'SELECT 1 FROM file WHERE file_url = ?', { pluck: true }).get(fileUrl) !== undefined
}

/** The File with these bytes (by content hash) attached to this document with this privacy, or undefined. */
export function selectSameFile(
  db: Db,
  where: { doctype: string; docname: string; contentHash: string; isPrivate: 0 | 1 },
): FrappeFile | undefined {
  return prepared(
    db,
    `SELECT ${COLUMNS} FROM file WHERE attached_to_doctype = ? AND attached_to_name = ? AND content_hash = ? AND is_private = ?`,
  ).get(where.doctype, where.docname, where.contentHash, where.isPrivate) as FrappeFile | undefined
}

/** Stores a File row. */
export function insertFile(db: Db, doc: FrappeFile, extra: { contentType: string; owner: string; now: string }): void {
  prepared(db, `INSERT INTO file (${COLUMNS}, content_type, owner, creation, modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
    doc.name,
    doc.file_name,
    doc.file_url,
    doc.file_size,
    doc.content_hash,
    doc.attached_to_doctype,
    doc.attached_to_name,
    doc.is_private,
    extra.contentType,
    extra.owner,
    extra.now,
    extra.now,
  )
}

/** The Files attached to a Purchase Invoice, with where their bytes live. */
export function selectInvoiceFiles(db: Db, invoice: string): Pick<FrappeFile, 'file_url' | 'is_private'>[] {
  return prepared(db, "SELECT file_url, is_private FROM file WHERE attached_to_doctype = 'Purchase Invoice' AND attached_to_name = ?").all(
    invoice,
  ) as Pick<FrappeFile, 'file_url' | 'is_private'>[]
}

/** Removes the File rows attached to a Purchase Invoice (the caller removes the bytes). */
export function deleteInvoiceFiles(db: Db, invoice: string): void {
  prepared(db, "DELETE FROM file WHERE attached_to_doctype = 'Purchase Invoice' AND attached_to_name = ?").run(invoice)
}
