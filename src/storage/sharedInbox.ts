import { openDB, type DBSchema, type IDBPDatabase } from 'idb'

/**
 * Files shared to the app (the manifest's share_target), kept by the service worker until the Scanner
 * takes them. The worker (src/serviceWorker/appShell.sw.js) writes with plain IndexedDB under these names.
 */
export const INBOX_DB = 'invoice-scanner-inbox'
export const INBOX_STORE = 'shared'

export interface SharedFileRecord {
  name: string
  type: string
  blob: Blob
  received: number
}

interface InboxDB extends DBSchema {
  shared: { key: number; value: SharedFileRecord }
}

function openInbox(): Promise<IDBPDatabase<InboxDB>> {
  return openDB<InboxDB>(INBOX_DB, 1, {
    upgrade: (db) => void db.createObjectStore(INBOX_STORE, { autoIncrement: true }),
  })
}

/** Every waiting shared file, oldest first, with the key that removes it. */
export async function listShared(): Promise<Array<{ key: number; file: File }>> {
  const db = await openInbox()
  try {
    const tx = db.transaction(INBOX_STORE)
    const [keys, records] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll()])
    return records.map((record, index) => ({
      key: keys[index]!,
      file: record.blob instanceof File ? record.blob : new File([record.blob], record.name, { type: record.type }),
    }))
  } finally {
    db.close()
  }
}

/** Forgets shared files once they are pages (or reported as failures) of a draft. */
export async function removeShared(keys: readonly number[]): Promise<void> {
  if (!keys.length) return
  const db = await openInbox()
  try {
    const tx = db.transaction(INBOX_STORE, 'readwrite')
    await Promise.all([...keys.map((key) => tx.store.delete(key)), tx.done])
  } finally {
    db.close()
  }
}
