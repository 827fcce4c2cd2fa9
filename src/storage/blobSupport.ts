import { openDB } from 'idb'
import { t } from '../locales/i18n'

/**
 * How this browser keeps a page's bytes in IndexedDB: as Blobs (every engine in a normal window), as
 * ArrayBuffers with their type (WebKit's ephemeral sessions — Safari Private Browsing — refuse Blobs with
 * "Error preparing Blob/File data to be stored in object store" but take plain bytes), or not at all.
 */
export type PageBytesMode = 'blob' | 'arraybuffer' | 'none'

/** A Blob as kept where Blobs cannot be: its bytes and its MIME type. */
export interface StoredBytes {
  bytes: ArrayBuffer
  type: string
}

/** A page that this browser cannot keep at all; its message is shown on the file's row. */
export class PageNotKeptError extends Error {
  override name = 'PageNotKeptError'
  constructor(message = t('storage.notKept'), options?: ErrorOptions) {
    super(message, options)
  }
}

const PROBE_DB = 'invoice-scanner-probe'
const PROBE_KEY = 'probe'

/** Stores `value` in a scratch database and reads it back; rejects when the browser refuses either. */
async function roundTrip<T>(value: T): Promise<T> {
  const db = await openDB(PROBE_DB, 1, {
    upgrade(database) {
      database.createObjectStore('probe')
    },
  })
  try {
    await db.put('probe', value, PROBE_KEY)
    const back = (await db.get('probe', PROBE_KEY)) as T
    await db.delete('probe', PROBE_KEY)
    return back
  } finally {
    db.close()
  }
}

async function detect(): Promise<PageBytesMode> {
  try {
    const back = await roundTrip(new Blob(['ok'], { type: 'text/plain' }))
    // Some engines store the Blob but hand back one that cannot be read: read it to be sure.
    if (back instanceof Blob && (await back.text()) === 'ok') return 'blob'
  } catch {
    // Refused: try plain bytes below.
  }
  try {
    const back = await roundTrip({ bytes: new Uint8Array([1, 2, 3]).buffer, type: 'text/plain' } satisfies StoredBytes)
    if (back.bytes instanceof ArrayBuffer && back.bytes.byteLength === 3) return 'arraybuffer'
  } catch {
    // IndexedDB keeps nothing here.
  }
  return 'none'
}

let detecting: Promise<PageBytesMode> | null = null

/** How this browser keeps page bytes, found once per tab by storing and reading back a tiny Blob. */
export function pageBytesMode(): Promise<PageBytesMode> {
  detecting ??= detect()
  return detecting
}

/** Sets the mode without detecting it, or with null forgets it (tests whose IndexedDB stand-in differs from a browser's). */
export function setPageBytesMode(mode: PageBytesMode | null): void {
  detecting = mode ? Promise.resolve(mode) : null
}

/** A Blob in the form the mode can keep. */
export async function toStorable(blob: Blob, mode: PageBytesMode): Promise<Blob | StoredBytes> {
  if (mode === 'blob') return blob
  if (mode === 'none') throw new PageNotKeptError()
  return { bytes: await blob.arrayBuffer(), type: blob.type }
}

function isStoredBytes(value: unknown): value is StoredBytes {
  return !!value && typeof value === 'object' && (value as { bytes?: unknown }).bytes instanceof ArrayBuffer
}

/** Turns a stored value back into a Blob, whichever way it was kept. */
export function fromStorable(value: Blob | StoredBytes): Blob {
  return isStoredBytes(value) ? new Blob([value.bytes], { type: value.type }) : value
}
