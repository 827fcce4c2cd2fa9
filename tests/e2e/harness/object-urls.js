/* eslint-disable vue/one-component-per-file -- a harness page: the strip, its thumbnails and a viewer in one place */
// A minimal page for tests/e2e/object-urls.test.ts: the real object URL store and useObjectUrl, a strip of
// page thumbnails and a full-size viewer, driven through window.__harness. No app shell, no server.
import { createPinia } from 'pinia'
import { computed, createApp, defineComponent, h, nextTick, shallowRef } from 'vue'
import { useObjectUrl, useObjectUrlOwner } from '@/composables/useObjectUrl'
import { useMemoryStore } from '@/stores/memory'
import { useObjectUrlsStore } from '@/stores/objectUrls'

/** A small real PNG with the page number on it, so the <img> can prove the URL loads. */
async function pagePng(label) {
  const canvas = new OffscreenCanvas(120, 160)
  const ctx = canvas.getContext('2d')
  ctx.fillStyle = '#fff'
  ctx.fillRect(0, 0, 120, 160)
  ctx.fillStyle = '#000'
  ctx.font = '20px sans-serif'
  ctx.fillText(label, 10, 80)
  return canvas.convertToBlob({ type: 'image/png' })
}

const Thumb = defineComponent({
  props: { blob: { type: Blob, required: true }, n: { type: Number, required: true } },
  setup(props) {
    const url = useObjectUrl(() => props.blob)
    return () => h('li', [h('img', { src: url.value, alt: `Page ${props.n}`, width: 60 })])
  },
})

const pages = shallowRef([])
const Strip = defineComponent({
  setup() {
    return () =>
      h(
        'ul',
        { 'aria-label': 'Pages' },
        pages.value.map((blob, i) => h(Thumb, { key: i, blob, n: i + 1 })),
      )
  },
})

const Viewer = defineComponent({
  props: { blob: { type: Blob, required: true } },
  setup(props) {
    const owner = useObjectUrlOwner('page-viewer')
    const url = owner.acquire(props.blob)
    return () => h('img', { src: url, alt: 'Full size page' })
  },
})

const showStrip = shallowRef(false)
const fullSize = shallowRef(null)

const Root = defineComponent({
  setup() {
    const store = useObjectUrlsStore()
    const figure = computed(() => `Live object URLs: ${store.count} (${store.bytes} bytes)`)
    return () => [
      h('output', { id: 'live' }, figure.value),
      showStrip.value ? h(Strip) : null,
      fullSize.value ? h(Viewer, { blob: fullSize.value }) : null,
    ]
  },
})

const pinia = createPinia()
createApp(Root).use(pinia).mount('#app')
const store = useObjectUrlsStore(pinia)

window.__harness = {
  async showPages(n) {
    pages.value = await Promise.all(Array.from({ length: n }, (_, i) => pagePng(`Page ${i + 1}`)))
    showStrip.value = true
    await nextTick()
  },
  async replacePage(index) {
    const next = [...pages.value]
    next[index] = await pagePng(`Retake ${index + 1}`)
    pages.value = next
    await nextTick()
  },
  async leavePages() {
    showStrip.value = false
    await nextTick()
  },
  async openFullSize(index) {
    fullSize.value = pages.value[index]
    await nextTick()
  },
  async closeFullSize() {
    fullSize.value = null
    await nextTick()
  },
  store: () => ({ count: store.count, bytes: store.bytes }),
  memory() {
    const memory = useMemoryStore(pinia)
    memory.sample()
    return { heapSupported: memory.heapSupported, heapUsed: memory.heapUsed, objectUrlBytes: memory.objectUrlBytes }
  },
  blobBytes: () => pages.value.reduce((sum, blob) => sum + blob.size, 0),
}
window.__harnessReady = true
