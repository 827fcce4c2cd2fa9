import { createHash, randomBytes } from 'node:crypto'
import { createWriteStream, mkdirSync, rmSync, unlinkSync } from 'node:fs'
import { join } from 'node:path'
import { Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

/** Where uploads are written while they arrive, inside the files folder so the final move is a rename. */
export const UPLOAD_TMP_DIR = '.upload-tmp'

/** How many first bytes are kept to recognise the file type. */
const HEAD_BYTES = 16

/** An upload on disk, not yet a File: its temporary path, size, MD5 and first bytes. */
export interface SpooledUpload {
  path: string
  size: number
  md5: string
  head: Buffer
}

/**
 * Writes an upload stream to a temporary file, hashing it (MD5, Frappe's content_hash) and keeping its first
 * bytes for the type check on the way, so a 10 MB upload costs a few 64 KB chunks of memory instead of
 * 10 MB. On any error (the client went away, the size limit) the partial file is removed and the error
 * rethrown.
 */
export async function spoolUpload(stream: Readable, filesDir: string): Promise<SpooledUpload> {
  const dir = join(filesDir, UPLOAD_TMP_DIR)
  mkdirSync(dir, { recursive: true })
  const path = join(dir, `${randomBytes(8).toString('hex')}.part`)
  const hash = createHash('md5')
  const headChunks: Buffer[] = []
  let headLength = 0
  let size = 0
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk)
      size += chunk.length
      if (headLength < HEAD_BYTES) {
        headChunks.push(chunk.subarray(0, HEAD_BYTES - headLength))
        headLength += Math.min(chunk.length, HEAD_BYTES - headLength)
      }
      done(null, chunk)
    },
  })
  try {
    await pipeline(stream, tap, createWriteStream(path, { flags: 'wx' }))
  } catch (error) {
    discardUpload(path)
    throw error
  }
  return { path, size, md5: hash.digest('hex'), head: Buffer.concat(headChunks) }
}

/** Removes a temporary upload; one already moved into place (or never written) is fine. */
export function discardUpload(path: string): void {
  try {
    unlinkSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
}

/** Removes uploads a crash left half-written (at start, before any upload runs). */
export function clearSpool(filesDir: string): void {
  rmSync(join(filesDir, UPLOAD_TMP_DIR), { recursive: true, force: true })
}
