import type { SubmissionState } from '@/lib/submission/types'
import { localToday } from '@/lib/localDate'
import { getDb, type DraftRecord } from './db'

/** Whether `user` may see and send this draft: their own, or one saved before anyone was signed in. */
export function isDraftOf(record: DraftRecord, user: string): boolean {
  return record.owner === '' || record.owner === user
}

/** A draft with nothing typed yet, posted today. */
export function emptyDraft(id: string, now: number = Date.now(), owner = ''): DraftRecord {
  return {
    id,
    owner,
    created: now,
    updated: now,
    header: { supplier: '', supplier_name: '', bill_no: '', bill_date: '', posting_date: localToday(new Date(now)), currency: '' },
    lines: [],
    submission: null,
  }
}

/** Fills fields an older record may lack, so a draft saved by an earlier version still opens. */
function normalise(record: Partial<DraftRecord> & { id: string }): DraftRecord {
  const blank = emptyDraft(record.id, record.created ?? record.updated ?? Date.now())
  return {
    ...blank,
    ...record,
    owner: record.owner ?? '',
    header: { ...blank.header, ...record.header },
    lines: record.lines ?? [],
    submission: record.submission ?? null,
  }
}

/** One draft, or undefined when none was saved under this id. */
export async function getDraft(id: string): Promise<DraftRecord | undefined> {
  const record = await (await getDb()).get('drafts', id)
  return record ? normalise(record) : undefined
}

/** Saves a whole draft. Plain data only: Vue proxies cannot be cloned into IndexedDB. */
export async function putDraft(record: DraftRecord): Promise<void> {
  await (await getDb()).put('drafts', record)
}

/** Every saved draft, most recently changed first (the Outbox). */
export async function listDrafts(): Promise<DraftRecord[]> {
  const records = await (await getDb()).getAll('drafts')
  return records.map(normalise).sort((a, b) => b.updated - a.updated)
}

/**
 * Drafts deleted in this page (sent or discarded). A save of what the clerk typed that lands later, from
 * a debounce timer that fired during the delete, would otherwise bring the draft back with all its lines
 * as an unsent copy in the Outbox.
 */
const deletedHere = new Set<string>()

/** Deletes a draft record for good; its pages are deleted separately with deletePagesOfDraft. */
export async function deleteDraft(id: string): Promise<void> {
  deletedHere.add(id)
  await (await getDb()).delete('drafts', id)
}

/**
 * Saves what the clerk typed, keeping the stored submission state: the draft form and the submission
 * engine write the same record, and neither may undo the other's last write. A draft deleted in this
 * page stays deleted.
 */
export async function saveDraftContent(
  id: string,
  content: Pick<DraftRecord, 'header' | 'lines'>,
  now: number = Date.now(),
  owner = '',
): Promise<void> {
  if (deletedHere.has(id)) return
  const tx = (await getDb()).transaction('drafts', 'readwrite')
  const stored = await tx.store.get(id)
  const base = stored ? normalise(stored) : emptyDraft(id, now, owner)
  await tx.store.put({ ...base, owner: base.owner || owner, header: content.header, lines: content.lines, updated: now })
  await tx.done
}

/**
 * Saves a draft's submission state (or clears it with null), keeping the typed content. A draft that is
 * gone was finished (or discarded) by another run of the same submission — after a reload two may
 * overlap — so a late save must not bring it back.
 */
export async function saveSubmissionState(id: string, submission: SubmissionState | null, now: number = Date.now()): Promise<void> {
  const tx = (await getDb()).transaction('drafts', 'readwrite')
  const stored = await tx.store.get(id)
  if (stored) await tx.store.put({ ...normalise(stored), submission, updated: now })
  await tx.done
}
