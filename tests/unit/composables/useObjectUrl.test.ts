/* eslint-disable vue/one-component-per-file -- a thumbnail and the strip that mounts it, as the page strip does */
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, effectScope, h, nextTick, shallowRef, type PropType } from 'vue'
import { useObjectUrl, useObjectUrlOwner } from '@/composables/useObjectUrl'
import { useObjectUrlsStore } from '@/stores/objectUrls'

let pinia: Pinia
let created: string[]
let revoked: string[]
beforeEach(() => {
  pinia = createPinia()
  setActivePinia(pinia)
  created = []
  revoked = []
  let n = 0
  vi.spyOn(URL, 'createObjectURL').mockImplementation(() => {
    n += 1
    const url = `blob:http://localhost/u${n}`
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

const blobOf = (label: string) => new Blob([label], { type: 'image/jpeg' })

/** A page thumbnail as the page strip draws it. */
const Thumb = defineComponent({
  props: { blob: { type: Object as PropType<Blob | null>, default: null }, n: { type: Number, required: true } },
  setup(props) {
    const url = useObjectUrl(() => props.blob)
    return () => (url.value ? h('img', { src: url.value, alt: `Page ${props.n}` }) : h('span', `Page ${props.n} loading`))
  },
})

const blobs = shallowRef<Array<Blob | null>>([])
const Strip = defineComponent({
  setup() {
    return () =>
      h(
        'ul',
        blobs.value.map((blob, i) => h('li', { key: i }, [h(Thumb, { blob, n: i + 1 })])),
      )
  },
})

describe('useObjectUrl', () => {
  it('gives each mounted thumbnail its own URL and revokes every one on unmount', () => {
    blobs.value = Array.from({ length: 12 }, (_, i) => blobOf(`page ${i}`))
    const wrapper = mount(Strip, { global: { plugins: [pinia] } })
    const store = useObjectUrlsStore()

    const srcs = wrapper.findAll('img').map((img) => img.attributes('src'))
    expect(srcs).toHaveLength(12)
    expect(new Set(srcs)).toEqual(new Set(created))
    expect(wrapper.find('img').attributes('alt')).toBe('Page 1')
    expect(store.count).toBe(12)
    expect(store.bytes).toBe(blobs.value.reduce((sum, b) => sum + (b?.size ?? 0), 0))

    wrapper.unmount()
    expect(new Set(revoked)).toEqual(new Set(created))
    expect(revoked).toHaveLength(12)
    expect(store.count).toBe(0)
    expect(store.bytes).toBe(0)
  })

  it('revokes the old URL when the Blob changes (a rotated or retaken page)', async () => {
    blobs.value = [blobOf('first'), blobOf('second')]
    const wrapper = mount(Strip, { global: { plugins: [pinia] } })
    const before = wrapper.findAll('img').map((img) => img.attributes('src'))

    blobs.value = [blobOf('first, rotated'), blobs.value[1]!]
    await nextTick()
    const after = wrapper.findAll('img').map((img) => img.attributes('src'))

    expect(revoked).toEqual([before[0]])
    expect(after[0]).not.toBe(before[0])
    expect(after[1]).toBe(before[1])
    expect(useObjectUrlsStore().count).toBe(2)
    wrapper.unmount()
  })

  it('revokes the URL when the Blob goes away and makes none for null', async () => {
    blobs.value = [blobOf('only')]
    const wrapper = mount(Strip, { global: { plugins: [pinia] } })
    const src = wrapper.find('img').attributes('src')
    blobs.value = [null]
    await nextTick()
    expect(revoked).toEqual([src])
    expect(wrapper.find('img').exists()).toBe(false)
    expect(wrapper.text()).toContain('Page 1 loading')
    expect(created).toHaveLength(1)
    wrapper.unmount()
    expect(revoked).toHaveLength(1)
  })

  it('revokes only its own URL when the owner is shared', () => {
    const store = useObjectUrlsStore()
    const other = store.acquire(blobOf('kept'), 'scanner')
    const scope = effectScope()
    const url = scope.run(() => useObjectUrl(blobOf('mine'), { owner: 'scanner' }))!
    const mine = url.value
    expect(mine).toBe(created[1])
    expect(store.ownerCount('scanner')).toBe(2)
    scope.stop()
    expect(revoked).toEqual([mine])
    expect(url.value).toBeUndefined()
    expect(store.isLive(other)).toBe(true)
    expect(store.ownerCount('scanner')).toBe(1)
  })

  it('refuses to run where nothing would ever revoke the URL', () => {
    expect(() => useObjectUrl(blobOf('leak'))).toThrow('inside a component')
    expect(created).toEqual([])
  })
})

describe('useObjectUrlOwner', () => {
  it('makes URLs on demand (a full-size view) and revokes what is left when the scope ends', () => {
    const store = useObjectUrlsStore()
    const scope = effectScope()
    const owner = scope.run(() => useObjectUrlOwner('page-viewer'))!
    const opened = owner.acquire(blobOf('page 1 full size'))
    expect(owner.count.value).toBe(1)
    expect(owner.release(opened)).toBe(true)
    expect(revoked).toEqual([opened])

    const stillOpen = owner.acquire(blobOf('page 2 full size'))
    const foreign = store.acquire(blobOf('thumb'), 'strip')
    expect(owner.release(foreign)).toBe(false)
    scope.stop()
    expect(revoked).toEqual([opened, stillOpen])
    expect(store.count).toBe(1)
    expect(owner.owner).toMatch(/^page-viewer-\d+$/)
  })
})
