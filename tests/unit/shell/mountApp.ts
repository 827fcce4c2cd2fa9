// The shell resumes unfinished submissions once signed in, and those live in IndexedDB.
import 'fake-indexeddb/auto'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, disposePinia, setActivePinia } from 'pinia'
import { defineComponent, h } from 'vue'
import { createMemoryHistory, createRouter, type RouteRecordRaw, type Router } from 'vue-router'
import App from '@/App.vue'
import { configureClient } from '@/api/client'
import { t } from '@/locales/i18n'
import { setPageBytesMode } from '@/storage/blobSupport'
import { installSessionGuard, routes } from '@/router'
import { DEFAULT_MEMORY_CONFIG } from '@/types/frappe'
import { installFakeHttp, resetClient, routeFrappeSession, type FakeHttp } from '../api/fakeHttp'

// Other engineers' pages need a camera, IndexedDB and workers; the shell only needs to know which page it
// shows. Sign-in and Settings stay real: the shell's own flows go through them.
const REAL_PAGES = new Set(['login', 'settings'])

function stubPage(title: string) {
  return defineComponent({ name: `${title}Stub`, setup: () => () => h('h1', title) })
}

/** The real route table (paths, names, meta, redirects) with stand-ins for the other teams' pages. */
export function shellRoutes(): RouteRecordRaw[] {
  return routes.map((route) =>
    'component' in route && route.component && !REAL_PAGES.has(String(route.name))
      ? ({ ...route, component: stubPage(t(String(route.meta?.title))) } as RouteRecordRaw)
      : route,
  )
}

export interface MountedApp {
  wrapper: VueWrapper
  router: Router
  fake: FakeHttp
  server: { isSignedIn: () => boolean }
  /** Unmounts, stops the stores (and their listeners) and puts the HTTP adapter back. */
  unmount: () => void
}

/** Mounts App at `path` against a fake Frappe whose session cookie is (or is not) already signed in. */
export async function mountApp(path: string, options: { signedIn: boolean }): Promise<MountedApp> {
  resetClient(configureClient)
  // happy-dom's Blobs do not survive fake-indexeddb, which would look like a private window; the shell runs as in a normal one.
  setPageBytesMode('blob')
  const fake = installFakeHttp()
  const server = routeFrappeSession(fake, { signedIn: options.signedIn })
  fake.on('GET', '/api/method/custom_erp.custom_erp.purchase_invoice.api.get_memory_config', {
    status: 200,
    body: { message: DEFAULT_MEMORY_CONFIG },
  })
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createRouter({ history: createMemoryHistory(), routes: shellRoutes() })
  installSessionGuard(router)
  await router.push(path)
  const wrapper = mount(App, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await flushPromises()
  const unmount = () => {
    wrapper.unmount()
    disposePinia(pinia)
    fake.restore()
  }
  return { wrapper, router, fake, server, unmount }
}

/** Resolves after the next completed navigation. */
export function nextNavigation(router: Router): Promise<void> {
  return new Promise((resolve) => {
    const stop = router.afterEach(() => {
      stop()
      resolve()
    })
  })
}

/** Fills in and submits the sign-in form, and waits for where it leads. */
export async function signInThroughForm(app: MountedApp, usr: string, pwd: string): Promise<void> {
  const { wrapper, router } = app
  const labels = wrapper.findAll('label')
  const inputFor = (text: string) => {
    const label = labels.find((candidate) => candidate.text() === text)
    if (!label) throw new Error(`no field labelled ${text}`)
    return wrapper.find(`#${CSS.escape(String(label.attributes('for')))}`)
  }
  await inputFor('Email or user name').setValue(usr)
  await inputFor('Password').setValue(pwd)
  const navigated = nextNavigation(router)
  await wrapper.find('form').trigger('submit')
  await navigated
  await flushPromises()
}
