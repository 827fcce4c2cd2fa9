const KEY = 'invoice-scanner.current-draft'

/**
 * The id of the draft the Scanner is working on, kept in localStorage so a reload finds the same pages
 * and lines in IndexedDB. Created on first use.
 */
export function getCurrentDraftId(): string {
  const existing = localStorage.getItem(KEY)
  if (existing) return existing
  return startNewDraft()
}

/** Begins a fresh draft (after a successful submission or a discard) and returns its id. */
export function startNewDraft(): string {
  const id = crypto.randomUUID()
  localStorage.setItem(KEY, id)
  return id
}
