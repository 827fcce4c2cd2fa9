import 'fake-indexeddb/auto'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { getDraft } from '@/storage/drafts'
import { useDraftStore } from '@/stores/draft'
import { useObjectUrlsStore } from '@/stores/objectUrls'
import { usePagesStore } from '@/stores/pages'
import { SENDING_LOCK_REASON, THUMBNAIL_URL_OWNER, useScannerStore } from '@/stores/scanner'
import { useSessionStore } from '@/stores/session'
import { jpegFile } from '../support/fakeImageWorker'

vi.mock('@/workers/imageWorkerClient', () => import('../support/fakeImageWorker'))
// Nothing is known to the backend; the draft form's lookups are not what these tests are about.
vi.mock('@/api/resources', () => ({ getList: async () => [] }))
vi.mock('@/api/invoices', () => ({ findInvoiceByBillNo: async () => null }))

const signIn = (name: string) => (useSessionStore().user = { name, full_name: name, roles: [] })

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
})
afterEach(() => vi.useRealTimers())

describe('scanner store: the open draft', () => {
  it('is kept per clerk, so clerks sharing a device never open each other’s draft', () => {
    const scanner = useScannerStore()
    signIn('anna@example.com')
    const anna = scanner.draftId
    signIn('ben@example.com')
    const ben = scanner.draftId
    expect(ben).not.toBe(anna)
    // Signing in again (or reloading) comes back to the same draft.
    signIn('anna@example.com')
    expect(scanner.draftId).toBe(anna)
    signIn('ben@example.com')
    expect(scanner.draftId).toBe(ben)
  })

  it('survives a reload: it lives in localStorage under the clerk’s name', () => {
    signIn('anna@example.com')
    const id = useScannerStore().draftId
    expect(localStorage.getItem('invoice-scanner.current-draft:anna@example.com')).toBe(id)
    setActivePinia(createPinia())
    signIn('anna@example.com')
    expect(useScannerStore().draftId).toBe(id)
  })

  it('opens the draft into the form and the pages, keeping what is typed when opened again', async () => {
    const scanner = useScannerStore()
    const draft = useDraftStore()
    const pages = usePagesStore()
    await scanner.open()
    draft.setHeader({ bill_no: 'B-1' })
    pages.addFiles([jpegFile('a.jpg')], 'file')
    await pages.whenIdle()
    await draft.flush()

    await scanner.open()
    expect(draft.header.bill_no).toBe('B-1')
    expect(pages.pages.map((page) => page.fileName)).toEqual(['a.jpg'])
    expect((await getDraft(scanner.draftId))?.header.bill_no).toBe('B-1')
  })

  it('moves one clerk on to a new, empty draft and frees the thumbnails of the last one', async () => {
    const scanner = useScannerStore()
    signIn('ben@example.com')
    const ben = scanner.draftId
    signIn('anna@example.com')
    await scanner.open()
    const first = scanner.draftId
    useDraftStore().setHeader({ bill_no: 'B-1' })
    usePagesStore().addFiles([jpegFile('a.jpg')], 'file')
    await usePagesStore().whenIdle()
    useObjectUrlsStore().acquire(new Blob(['thumb']), THUMBNAIL_URL_OWNER)

    await scanner.startNext()
    expect(scanner.draftId).not.toBe(first)
    expect(localStorage.getItem('invoice-scanner.current-draft:anna@example.com')).toBe(scanner.draftId)
    expect(useDraftStore().header.bill_no).toBe('')
    expect(usePagesStore().pages).toEqual([])
    expect(useObjectUrlsStore().count).toBe(0)
    signIn('ben@example.com')
    expect(scanner.draftId).toBe(ben)
  })

  it('locks the open draft’s pages while it is being sent, and unlocks them however sending ends', async () => {
    const scanner = useScannerStore()
    const pages = usePagesStore()
    await scanner.open()
    pages.addFiles([jpegFile('a.jpg')], 'file')
    await pages.whenIdle()
    const page = pages.pages[0]!.id

    await expect(
      scanner.whileSending(scanner.draftId, async () => {
        expect(scanner.isSending).toBe(true)
        expect(scanner.editLock).toBe(SENDING_LOCK_REASON)
        await expect(pages.remove(page)).rejects.toThrow(SENDING_LOCK_REASON)
        throw new Error('network gone')
      }),
    ).rejects.toThrow('network gone')
    expect(scanner.editLock).toBeNull()
    await pages.remove(page)
    expect(pages.pages).toEqual([])

    // Another draft being sent (from the Outbox) does not lock the open one.
    await scanner.whileSending('another-draft', async () => expect(pages.editLock).toBeNull())
  })
})
