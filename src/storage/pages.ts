import type { IDBPTransaction } from 'idb'
import { fromStorable, pageBytesMode, toStorable, type StoredBytes } from './blobSupport'
import { getDb, type PageRecord, type ScannerDB } from './db'
import { pageDigest } from '@/lib/pageDigest'
import { t } from '@/locales/i18n'

/** The device ran out of room for IndexedDB: the page was not saved and the clerk must be told. */
export class StorageFullError extends Error {
  override name = 'StorageFullError'
  constructor(message = t('storage.full'), options?: ErrorOptions) {
    super(message, options)
  }
}

/** The fields a caller may change on a stored page; identity and owner stay fixed. */
export type PagePatch = Partial<Omit<PageRecord, 'id' | 'draftId'>>

function isQuotaError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false
  const name = (error as { name?: unknown }).name
  // Firefox used to report NS_ERROR_DOM_QUOTA_REACHED; Safari and Chromium say QuotaExceededError.
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED'
}

/** A page record as IndexedDB holds it where Blobs cannot be kept (see blobSupport). */
type KeptBytes = Omit<PageRecord, 'blob' | 'thumb' | 'document'> & {
  blob: Blob | StoredBytes
  thumb: Blob | StoredBytes | null
  document?: Omit<NonNullable<PageRecord['document']>, 'original'> & { original: Blob | StoredBytes }
}

/**
 * The Blob fields of a record or patch in the form this browser can keep. Done before the transaction
 * opens: awaiting the bytes inside it would let IndexedDB commit it early.
 */
async function keepable<T extends Partial<Pick<PageRecord, 'blob' | 'thumb' | 'document'>>>(value: T): Promise<T> {
  const mode = await pageBytesMode()
  if (mode === 'blob') return value
  const kept: Record<string, unknown> = { ...value }
  if (value.blob) kept.blob = await toStorable(value.blob, mode)
  if (value.thumb) kept.thumb = await toStorable(value.thumb, mode)
  // The uncropped original kept for Adjust corners is a Blob too.
  if (value.document) kept.document = { ...value.document, original: await toStorable(value.document.original, mode) }
  return kept as T
}

/** A stored record with Blobs again, whichever way its bytes were kept. */
function withBlobs(stored: PageRecord): PageRecord
function withBlobs(stored: PageRecord | undefined): PageRecord | undefined
function withBlobs(stored: PageRecord | undefined): PageRecord | undefined {
  if (!stored) return stored
  const raw = stored as unknown as KeptBytes
  const original = raw.document?.original
  if (raw.blob instanceof Blob && (raw.thumb === null || raw.thumb instanceof Blob) && (!original || original instanceof Blob))
    return stored
  const document = raw.document && original ? { ...raw.document, original: fromStorable(original) } : undefined
  return { ...stored, blob: fromStorable(raw.blob), thumb: raw.thumb && fromStorable(raw.thumb), ...(document ? { document } : {}) }
}

type PagesTx = IDBPTransaction<ScannerDB, ['pages'], 'readwrite'>

/**
 * Runs `work` in one readwrite transaction and waits for it to commit. Any failure aborts the whole
 * transaction, and a quota failure becomes StorageFullError so it is never mistaken for a bug. Browsers
 * report a full disk on the request or only on the aborted transaction, so both are checked.
 */
async function writing<T>(work: (tx: PagesTx) => Promise<T>): Promise<T> {
  const db = await getDb()
  const tx = db.transaction('pages', 'readwrite')
  try {
    const result = await work(tx)
    await tx.done
    return result
  } catch (error) {
    tx.done.catch(() => undefined)
    try {
      tx.abort()
    } catch {
      // Already aborted or finished by IndexedDB itself.
    }
    const txError = (() => {
      try {
        return tx.error
      } catch {
        return null
      }
    })()
    if (isQuotaError(error) || isQuotaError(txError)) throw new StorageFullError(undefined, { cause: txError ?? error })
    throw error
  }
}

/**
 * A record with the digest of its page bytes, so every stored page carries the digest of what it stores. A page
 * the image worker made comes with the digest of those bytes (computed there, off the main thread) and keeps it;
 * any other new bytes (a PDF, a main-thread page without one) are hashed here.
 */
async function withDigest<T extends Partial<PageRecord>>(value: T): Promise<T> {
  if (!value.blob || typeof value.sha256 === 'string') return value
  // Undefined rather than left out: an update must not keep the digest of the bytes it replaced.
  return { ...value, sha256: (await pageDigest(value.blob)) ?? undefined }
}

/**
 * Saves a page (new or replaced) as one record and resolves to it as stored (with its `sha256`). Rejects with
 * StorageFullError when the disk is full.
 */
export async function putPage(record: PageRecord): Promise<PageRecord> {
  const stored = await withDigest(record)
  const kept = await keepable(stored)
  await writing(async (tx) => {
    await tx.store.put(kept)
  })
  return stored
}

/** The pages of one draft, in the clerk's order. */
export async function listPages(draftId: string): Promise<PageRecord[]> {
  const db = await getDb()
  const pages = await db.getAllFromIndex('pages', 'byDraft', draftId)
  return pages.sort((a, b) => a.order - b.order || a.created - b.created).map((page) => withBlobs(page))
}

/** One page with its Blobs, or undefined when it is gone. */
export async function getPage(id: string): Promise<PageRecord | undefined> {
  const db = await getDb()
  return withBlobs(await db.get('pages', id))
}

/** Changes some fields of a page in one transaction; resolves to the updated record. */
export async function updatePage(id: string, patch: PagePatch): Promise<PageRecord> {
  const kept = await keepable(await withDigest(patch))
  const next = await writing(async (tx) => {
    const current = await tx.store.get(id)
    if (!current) throw new Error(`Page ${id} no longer exists.`)
    const updated: PageRecord = { ...current, ...kept, id: current.id, draftId: current.draftId }
    await tx.store.put(updated)
    return updated
  })
  return withBlobs(next)
}

/** Deletes one page and its Blobs. */
export async function deletePage(id: string): Promise<void> {
  const db = await getDb()
  await db.delete('pages', id)
}

/** Deletes every page of a draft, e.g. after it was sent or discarded. */
export async function deletePagesOfDraft(draftId: string): Promise<number> {
  return writing(async (tx) => {
    const keys = await tx.store.index('byDraft').getAllKeys(draftId)
    await Promise.all(keys.map((key) => tx.store.delete(key)))
    return keys.length
  })
}

/**
 * Gives the listed pages of a draft the orders 0, 1, 2… in one transaction, so a crash never leaves
 * half an order behind. Pages of the draft that are not listed keep their order after the listed ones.
 */
export async function reorderPages(draftId: string, orderedIds: readonly string[]): Promise<void> {
  await writing(async (tx) => {
    const pages = await tx.store.index('byDraft').getAll(draftId)
    const byId = new Map(pages.map((page) => [page.id, page]))
    const unknown = orderedIds.find((id) => !byId.has(id))
    if (unknown) throw new Error(`Page ${unknown} is not part of this draft.`)
    const listed = new Set(orderedIds)
    const rest = pages.filter((page) => !listed.has(page.id)).sort((a, b) => a.order - b.order)
    const ordered = [...orderedIds.map((id) => byId.get(id) as PageRecord), ...rest]
    await Promise.all(ordered.map((page, order) => (page.order === order ? undefined : tx.store.put({ ...page, order }))))
  })
}

/** How many pages IndexedDB holds, of every draft (the Status page). */
export async function countAllPages(): Promise<number> {
  return (await getDb()).count('pages')
}
