import { beforeEach, describe, expect, it } from 'vitest'
import { getCurrentDraftId, startNewDraft } from '@/storage/currentDraft'

beforeEach(() => localStorage.clear())

describe('the current draft', () => {
  it('is kept per clerk, so clerks sharing a device never open each other’s draft', () => {
    const anna = getCurrentDraftId('anna@example.com')
    const ben = getCurrentDraftId('ben@example.com')
    expect(ben).not.toBe(anna)
    // Signing in again (or reloading) comes back to the same draft.
    expect(getCurrentDraftId('anna@example.com')).toBe(anna)
    expect(getCurrentDraftId('ben@example.com')).toBe(ben)
  })

  it('moves on to a new draft for one clerk only', () => {
    const anna = getCurrentDraftId('anna@example.com')
    const ben = getCurrentDraftId('ben@example.com')
    const next = startNewDraft('anna@example.com')
    expect(next).not.toBe(anna)
    expect(getCurrentDraftId('anna@example.com')).toBe(next)
    expect(getCurrentDraftId('ben@example.com')).toBe(ben)
  })

  it('survives a reload: it lives in localStorage under the clerk’s name', () => {
    const id = getCurrentDraftId('anna@example.com')
    expect(localStorage.getItem('invoice-scanner.current-draft:anna@example.com')).toBe(id)
  })
})
