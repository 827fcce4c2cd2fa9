import { randomBytes } from 'node:crypto'
import { existsSync, linkSync, mkdirSync, unlinkSync } from 'node:fs'
import { join } from 'node:path'
import type { FrappeFile } from '../../../src/types/frappe.ts'
import { nowDatetime, type Db } from '../db/database.ts'
import {
  fileUrlTaken,
  insertFile,
  selectFile,
  selectFileByUrl,
  selectSameFile,
  type FileDocumentRow,
  type FileRow,
} from '../db/fileQueries.ts'
import { validationError } from '../frappe/errors.ts'
import { discardUpload, type SpooledUpload } from './uploadSpool.ts'

/** The file types a non-desk user may upload, recognised by their first bytes. */
const SIGNATURES = [
  { type: 'image/jpeg', ext: '.jpg', magic: Buffer.from([0xff, 0xd8, 0xff]) },
  { type: 'image/png', ext: '.png', magic: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { type: 'application/pdf', ext: '.pdf', magic: Buffer.from('%PDF-') },
] as const

export interface DetectedType {
  type: string
  ext: string
}

/** JPEG, PNG or PDF by the file's bytes (never its name), or null. */
function detectFileType(bytes: Buffer): DetectedType | null {
  const match = SIGNATURES.find((s) => bytes.subarray(0, s.magic.length).equals(s.magic))
  return match ? { type: match.type, ext: match.ext } : null
}

/**
 * A safe file name: the last path segment only, letters/digits/`._-()` kept, everything else `_`,
 * no leading dots, at most 100 characters, and the extension that matches the real type.
 */
function sanitizeFileName(raw: string | undefined, ext: string): string {
  const base = (raw ?? '').normalize('NFC').split(/[/\\]/).pop() ?? ''
  const stem = base
    .replace(/\.[^.]*$/, '')
    .replace(/[^\p{L}\p{N}._()-]+/gu, '_')
    .replace(/^[._]+/, '')
    .replace(/_+/g, '_')
    .slice(0, 100)
  return `${stem || 'upload'}${ext}`
}

/** A File document by name, or null. */
export function getFile(db: Db, name: string): FileDocumentRow | null {
  return selectFile(db, name) ?? null
}

/** A File row by its URL (`/private/files/…` or `/files/…`), with what serving it needs. */
export function findFileByUrl(db: Db, fileUrl: string): FileRow | null {
  return selectFileByUrl(db, fileUrl) ?? null
}

/** Where a stored file lives on disk. The name comes from our own row, never from a URL. */
export function diskPath(filesDir: string, file: Pick<FrappeFile, 'file_url' | 'is_private'>): string {
  const storedName = file.file_url.slice(file.file_url.lastIndexOf('/') + 1)
  return join(filesDir, file.is_private ? 'private' : 'public', storedName)
}

export interface SaveFileInput {
  /** The upload as spooled to a temporary file; saveFile moves it into place or removes it. */
  upload: SpooledUpload
  fileName: string | undefined
  doctype: string
  docname: string
  isPrivate: 0 | 1
  owner: string
}

/**
 * Stores an upload attached to a document and answers its File document. The same bytes on the same
 * document with the same privacy are stored once: the second upload answers the first File.
 */
export function saveFile(db: Db, filesDir: string, input: SaveFileInput): FrappeFile {
  const { upload } = input
  try {
    return storeUpload(db, filesDir, input)
  } finally {
    // Moved into place (a no-op then), answered by an existing File, or refused: the temporary copy goes.
    discardUpload(upload.path)
  }
}

function storeUpload(db: Db, filesDir: string, input: SaveFileInput): FrappeFile {
  const { upload } = input
  const detected = detectFileType(upload.head)
  if (!detected) throw validationError('Only JPEG, PNG and PDF files can be uploaded; this file is none of them')
  // Frappe's content_hash is an MD5 of the bytes; it identifies, it does not protect.
  const contentHash = upload.md5
  // Only within the same privacy: a private upload answered with an earlier public copy would be readable by anyone.
  const existing = selectSameFile(db, { doctype: input.doctype, docname: input.docname, contentHash, isPrivate: input.isPrivate })
  if (existing) return existing

  const fileName = sanitizeFileName(input.fileName, detected.ext)
  const folder = input.isPrivate ? 'private' : 'public'
  const urlBase = input.isPrivate ? '/private/files/' : '/files/'
  mkdirSync(join(filesDir, folder), { recursive: true })
  // A file left on disk by a crash between write and insert also counts as taken.
  const taken = (name: string) => fileUrlTaken(db, urlBase + name) || existsSync(join(filesDir, folder, name))
  let storedName = fileName
  // Another file already has this name: add a piece of the hash, as Frappe does.
  if (taken(storedName)) storedName = fileName.replace(/(\.[a-z]+)$/, `-${contentHash.slice(0, 6)}$1`)
  while (taken(storedName)) storedName = fileName.replace(/(\.[a-z]+)$/, `-${randomBytes(4).toString('hex')}$1`)

  const path = join(filesDir, folder, storedName)
  // A hard link never replaces an existing file (EEXIST), as the old `wx` write never did.
  linkSync(upload.path, path)
  const doc: FrappeFile = {
    name: randomBytes(5).toString('hex'),
    file_name: fileName,
    file_url: urlBase + storedName,
    file_size: upload.size,
    content_hash: contentHash,
    attached_to_doctype: input.doctype,
    attached_to_name: input.docname,
    is_private: input.isPrivate,
  }
  try {
    insertFile(db, doc, { contentType: detected.type, owner: input.owner, now: nowDatetime() })
  } catch (error) {
    unlinkSync(path)
    throw error
  }
  return doc
}
