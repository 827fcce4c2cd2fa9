const KEY_PREFIX = 'invoice-scanner.current-draft'

/** One key per clerk: clerks sharing a device each come back to their own draft. */
function keyFor(user: string): string {
  return `${KEY_PREFIX}:${user}`
}

/**
 * The id of the draft `user` is working on in the Scanner, kept in localStorage so a reload finds the
 * same pages and lines in IndexedDB. Created on first use.
 */
export function getCurrentDraftId(user: string): string {
  const existing = localStorage.getItem(keyFor(user))
  if (existing) return existing
  return startNewDraft(user)
}

/** Begins a fresh draft for `user` (after a successful submission or a discard) and returns its id. */
export function startNewDraft(user: string): string {
  const id = crypto.randomUUID()
  localStorage.setItem(keyFor(user), id)
  return id
}
