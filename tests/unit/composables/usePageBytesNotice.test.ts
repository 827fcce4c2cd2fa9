import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick } from 'vue'
import { PAGE_BYTES_NOTICE_ID, usePageBytesNotice } from '@/composables/usePageBytesNotice'
import { setLanguage } from '@/locales/i18n'
import { PageNotKeptError, setPageBytesMode } from '@/storage/blobSupport'
import { useNoticesStore } from '@/stores/notices'

beforeEach(() => setActivePinia(createPinia()))
afterEach(async () => {
  setPageBytesMode(null)
  await setLanguage('en')
})

const UNTIL_CLOSED = "This private window can't keep photos after it is closed: send before you close it."
const UNTIL_CLOSED_DE = 'Dieses private Fenster behält Fotos nicht, wenn es geschlossen wird: Bitte vor dem Schließen senden.'

function start() {
  const scope = effectScope()
  const { mode } = scope.run(() => usePageBytesNotice())!
  return { mode, scope, notices: useNoticesStore() }
}

describe('usePageBytesNotice', () => {
  it('tells the clerk once that a private window cannot keep photos after it is closed', async () => {
    setPageBytesMode('arraybuffer')
    const { mode, notices } = start()
    await vi.waitFor(() => expect(mode.value).toBe('arraybuffer'))
    await nextTick()
    expect(notices.notices).toEqual([{ id: PAGE_BYTES_NOTICE_ID, kind: 'warning', text: UNTIL_CLOSED }])
  })

  it('says it as an error where photos cannot be kept at all', async () => {
    setPageBytesMode('none')
    const { mode, notices } = start()
    await vi.waitFor(() => expect(mode.value).toBe('none'))
    await nextTick()
    expect(notices.notices.map((notice) => [notice.kind, notice.text])).toEqual([
      ['error', "This private window can't keep photos: open the Scanner in a normal window to add pages."],
    ])
  })

  it('says it in German, rewriting the one notice when German arrives after the probe', async () => {
    setPageBytesMode('arraybuffer')
    const { mode, notices } = start()
    await vi.waitFor(() => expect(mode.value).toBe('arraybuffer'))
    await nextTick()
    await setLanguage('de')
    await nextTick()
    expect(notices.notices).toEqual([{ id: PAGE_BYTES_NOTICE_ID, kind: 'warning', text: UNTIL_CLOSED_DE }])
    // The row of a page that could not be kept reads in the language in use when it failed.
    expect(new PageNotKeptError().message).toMatch(/^Dieses Browserfenster kann keine Fotos behalten/)
  })

  it('does not bring back a notice the clerk dismissed when the language changes', async () => {
    setPageBytesMode('arraybuffer')
    const { mode, notices } = start()
    await vi.waitFor(() => expect(mode.value).toBe('arraybuffer'))
    await nextTick()
    notices.dismiss(PAGE_BYTES_NOTICE_ID)
    await setLanguage('de')
    await nextTick()
    expect(notices.notices).toEqual([])
  })

  it('says nothing in a normal window', async () => {
    setPageBytesMode('blob')
    const { mode, notices } = start()
    await vi.waitFor(() => expect(mode.value).toBe('blob'))
    await nextTick()
    expect(notices.notices).toEqual([])
  })

  it('says nothing once its scope has ended', async () => {
    setPageBytesMode('none')
    const { mode, scope, notices } = start()
    scope.stop()
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(mode.value).toBeNull()
    expect(notices.notices).toEqual([])
  })
})
