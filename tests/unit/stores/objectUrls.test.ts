import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { isReactive, watchEffect } from 'vue'
import { useObjectUrlsStore } from '@/stores/objectUrls'

// Records what the store asks the browser for, so the tests count real create/revoke calls.
let created: string[]
let revoked: string[]
beforeEach(() => {
  setActivePinia(createPinia())
  created = []
  revoked = []
  let n = 0
  vi.spyOn(URL, 'createObjectURL').mockImplementation(() => {
    n += 1
    const url = `blob:http://localhost/test-${n}`
    created.push(url)
    return url
  })
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation((url: string) => {
    revoked.push(url)
  })
})
afterEach(() => {
  vi.restoreAllMocks()
})

const blobOf = (bytes: number) => new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' })

describe('useObjectUrlsStore', () => {
  it('makes a URL for a Blob and counts it and its bytes', () => {
    const store = useObjectUrlsStore()
    const blob = blobOf(1000)
    const url = store.acquire(blob, 'strip')
    expect(URL.createObjectURL).toHaveBeenCalledWith(blob)
    expect(url).toBe(created[0])
    expect(store.count).toBe(1)
    expect(store.bytes).toBe(1000)
    expect(store.ownerCount('strip')).toBe(1)
    expect(store.isLive(url)).toBe(true)
  })

  it('revokes a released URL in the browser and stops counting it', () => {
    const store = useObjectUrlsStore()
    const keep = store.acquire(blobOf(10), 'strip')
    const drop = store.acquire(blobOf(20), 'strip')
    expect(store.release(drop)).toBe(true)
    expect(revoked).toEqual([drop])
    expect(store.count).toBe(1)
    expect(store.bytes).toBe(10)
    expect(store.isLive(keep)).toBe(true)
  })

  it('does not revoke a URL it did not make, nor one twice', () => {
    const store = useObjectUrlsStore()
    const url = store.acquire(blobOf(10), 'strip')
    expect(store.release('blob:http://localhost/someone-else')).toBe(false)
    expect(store.release(url)).toBe(true)
    expect(store.release(url)).toBe(false)
    expect(revoked).toEqual([url])
  })

  it('releases every URL of one owner and leaves the others', () => {
    const store = useObjectUrlsStore()
    const a1 = store.acquire(blobOf(1), 'a')
    const a2 = store.acquire(blobOf(2), 'a')
    const b1 = store.acquire(blobOf(4), 'b')
    expect(store.releaseOwner('a')).toBe(2)
    expect(revoked.sort()).toEqual([a1, a2].sort())
    expect(store.ownerCount('a')).toBe(0)
    expect(store.ownerCount('b')).toBe(1)
    expect(store.bytes).toBe(4)
    expect(store.releaseOwner('a')).toBe(0)
    expect(store.isLive(b1)).toBe(true)
  })

  it('releases everything at once', () => {
    const store = useObjectUrlsStore()
    for (let i = 0; i < 5; i++) store.acquire(blobOf(100), `thumb-${i}`)
    expect(store.releaseAll()).toBe(5)
    expect(revoked).toHaveLength(5)
    expect(new Set(revoked)).toEqual(new Set(created))
    expect(store.count).toBe(0)
    expect(store.bytes).toBe(0)
  })

  it('releases by predicate, e.g. the thumbnails that are off screen', () => {
    const store = useObjectUrlsStore()
    const onScreen = store.acquire(blobOf(1), 'thumb')
    store.acquire(blobOf(1), 'thumb')
    store.acquire(blobOf(1), 'full')
    expect(store.releaseWhere((e) => e.owner === 'thumb' && e.url !== onScreen)).toBe(1)
    expect(store.list().map((e) => e.owner)).toEqual(['thumb', 'full'])
  })

  it('counts a Blob behind two URLs once', () => {
    const store = useObjectUrlsStore()
    const blob = blobOf(300)
    store.acquire(blob, 'strip')
    store.acquire(blob, 'viewer')
    expect(store.count).toBe(2)
    expect(store.bytes).toBe(300)
  })

  it('keeps count and bytes reactive without making Blobs reactive', async () => {
    const store = useObjectUrlsStore()
    const seen: Array<[number, number]> = []
    const stop = watchEffect(() => seen.push([store.count, store.bytes]), { flush: 'sync' })
    const url = store.acquire(blobOf(7), 'x')
    store.release(url)
    stop()
    expect(seen).toEqual([
      [0, 0],
      [1, 7],
      [0, 0],
    ])
    store.acquire(blobOf(7), 'x')
    expect(isReactive(store.list()[0]?.blob)).toBe(false)
  })

  it('refuses what is not a Blob or has no owner, with a clear message', () => {
    const store = useObjectUrlsStore()
    expect(() => store.acquire('not a blob' as unknown as Blob, 'x')).toThrow('acquire needs a Blob or File')
    expect(() => store.acquire(blobOf(1), ' ')).toThrow('acquire needs the name of the owner')
    expect(created).toEqual([])
    expect(store.count).toBe(0)
  })
})
