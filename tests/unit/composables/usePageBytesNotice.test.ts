import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import { PAGE_BYTES_NOTICE_ID, usePageBytesNotice } from '@/composables/usePageBytesNotice'
import { setPageBytesMode } from '@/storage/blobSupport'
import { useNoticesStore } from '@/stores/notices'

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => setPageBytesMode(null))

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
    expect(notices.notices).toEqual([
      {
        id: PAGE_BYTES_NOTICE_ID,
        kind: 'warning',
        text: "This private window can't keep photos after it is closed: send before you close it.",
      },
    ])
  })

  it('says it as an error where photos cannot be kept at all', async () => {
    setPageBytesMode('none')
    const { mode, notices } = start()
    await vi.waitFor(() => expect(mode.value).toBe('none'))
    expect(notices.notices.map((notice) => [notice.kind, notice.text])).toEqual([
      ['error', "This private window can't keep photos: open the Scanner in a normal window to add pages."],
    ])
  })

  it('says nothing in a normal window', async () => {
    setPageBytesMode('blob')
    const { mode, notices } = start()
    await vi.waitFor(() => expect(mode.value).toBe('blob'))
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
