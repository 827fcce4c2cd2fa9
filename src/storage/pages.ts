import { getDb, type PageRecord } from './db'

/** The device ran out of room for IndexedDB: the page was not saved and the clerk must be told. */
export class StorageFullError extends Error {
  override name = 'StorageFullError'
  constructor(
    message = 'The device storage is full, so this page was not saved. Send or delete pages, or free up space on the device, then try again.',
    options?: ErrorOptions,
  ) {
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

/** Runs a write and turns a quota failure into StorageFullError, so it is never mistaken for a bug. */
async function writing<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    if (isQuotaError(error)) throw new StorageFullError(undefined, { cause: error })
    throw error
  }
}

/** Aborts a transaction whose clearer error the caller throws next; its own AbortError is not news. */
function abort(tx: { abort: () => void; done: Promise<void> }): void {
  tx.done.catch(() => undefined)
  tx.abort()
}

/** Saves a page (new or replaced) as one record. Rejects with StorageFullError when the disk is full. */
export async function putPage(record: PageRecord): Promise<void> {
  const db = await getDb()
  await writing(() => db.put('pages', record))
}

/** The pages of one draft, in the clerk's order. */
export async function listPages(draftId: string): Promise<PageRecord[]> {
  const db = await getDb()
  const pages = await db.getAllFromIndex('pages', 'byDraft', draftId)
  return pages.sort((a, b) => a.order - b.order || a.created - b.created)
}

/** One page with its Blobs, or undefined when it is gone. */
export async function getPage(id: string): Promise<PageRecord | undefined> {
  const db = await getDb()
  return db.get('pages', id)
}

/** Changes some fields of a page in one transaction; resolves to the updated record. */
export async function updatePage(id: string, patch: PagePatch): Promise<PageRecord> {
  const db = await getDb()
  return writing(async () => {
    const tx = db.transaction('pages', 'readwrite')
    const current = await tx.store.get(id)
    if (!current) {
      abort(tx)
      throw new Error(`Page ${id} no longer exists.`)
    }
    const next: PageRecord = { ...current, ...patch, id: current.id, draftId: current.draftId }
    await tx.store.put(next)
    await tx.done
    return next
  })
}

/** Deletes one page and its Blobs. */
export async function deletePage(id: string): Promise<void> {
  const db = await getDb()
  await db.delete('pages', id)
}

/** Deletes every page of a draft, e.g. after it was sent or discarded. */
export async function deletePagesOfDraft(draftId: string): Promise<number> {
  const db = await getDb()
  const tx = db.transaction('pages', 'readwrite')
  const keys = await tx.store.index('byDraft').getAllKeys(draftId)
  await Promise.all(keys.map((key) => tx.store.delete(key)))
  await tx.done
  return keys.length
}

/**
 * Gives the listed pages of a draft the orders 0, 1, 2… in one transaction, so a crash never leaves
 * half an order behind. Pages of the draft that are not listed keep their order after the listed ones.
 */
export async function reorderPages(draftId: string, orderedIds: readonly string[]): Promise<void> {
  const db = await getDb()
  await writing(async () => {
    const tx = db.transaction('pages', 'readwrite')
    const pages = await tx.store.index('byDraft').getAll(draftId)
    const byId = new Map(pages.map((page) => [page.id, page]))
    const unknown = orderedIds.find((id) => !byId.has(id))
    if (unknown) {
      abort(tx)
      throw new Error(`Page ${unknown} is not part of this draft.`)
    }
    const listed = new Set(orderedIds)
    const rest = pages.filter((page) => !listed.has(page.id)).sort((a, b) => a.order - b.order)
    const ordered = [...orderedIds.map((id) => byId.get(id) as PageRecord), ...rest]
    await Promise.all(ordered.map((page, order) => (page.order === order ? undefined : tx.store.put({ ...page, order }))))
    await tx.done
  })
}
