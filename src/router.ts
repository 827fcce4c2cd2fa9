import { createRouter, createWebHistory, loadRouteLocation, type RouteRecordRaw, type Router, type RouterHistory } from 'vue-router'
import { routerBase } from '@/lib/routerBase'
import { HOME_PATH, safeRedirect } from '@/lib/safeRedirect'
import { useSessionStore } from '@/stores/session'

declare module 'vue-router' {
  interface RouteMeta {
    /** The message key (src/locales) of the page's name, shown in the tab title. */
    title?: string
    /** Reachable while signed out. */
    public?: boolean
  }
}

/** Each page's code, loaded on first visit or by preloadPages(), whichever comes first. */
const pages = {
  scan: () => import('@/pages/ScannerPage.vue'),
  invoices: () => import('@/pages/InvoicesPage.vue'),
  invoice: () => import('@/pages/InvoiceDetailPage.vue'),
  status: () => import('@/pages/StatusPage.vue'),
  settings: () => import('@/pages/SettingsPage.vue'),
  login: () => import('@/pages/LoginPage.vue'),
}

/** The app's routes; every page is loaded lazily. */
export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: HOME_PATH },
  { path: '/scan', name: 'scan', component: pages.scan, meta: { title: 'route.scan' } },
  { path: '/invoices', name: 'invoices', component: pages.invoices, meta: { title: 'route.invoices' } },
  { path: '/invoices/:name', name: 'invoice', component: pages.invoice, props: true, meta: { title: 'route.invoice' } },
  { path: '/status', name: 'status', component: pages.status, meta: { title: 'route.status' } },
  // Public so the backend URL can be set before anyone can sign in.
  { path: '/settings', name: 'settings', component: pages.settings, meta: { title: 'route.settings', public: true } },
  { path: '/login', name: 'login', component: pages.login, meta: { title: 'route.login', public: true } },
  { path: '/:unknown(.*)*', redirect: HOME_PATH },
]

/** Sends signed-out visitors to sign in (and back afterwards), and signed-in users away from /login. */
export function installSessionGuard(router: Router): void {
  router.beforeEach(async (to) => {
    const session = useSessionStore()
    await session.restore()
    const signedIn = session.status === 'signed-in'
    if (to.name === 'login') return signedIn ? safeRedirect(to.query.redirect) : true
    if (to.meta.public || signedIn) return true
    return { name: 'login', query: { redirect: to.fullPath } }
  })
}

/**
 * Starts fetching the code of the page the app opens on now, alongside the session check, instead of after
 * it: the router loads a lazy page only once its guards have run, which on a slow network puts a round trip
 * and the page's download between the session's answer and a usable Scanner.
 */
export function preloadLandingPage(router: Router): void {
  const landing = router.resolve(router.options.history.location)
  const redirect = landing.matched.at(-1)?.redirect
  loadRouteLocation(typeof redirect === 'string' ? router.resolve(redirect) : landing).catch(() => undefined)
}

/**
 * Loads every page's code once the first page is on screen and the browser is idle, so a clerk whose
 * network drops can still open the Outbox and Settings. A load that fails (offline at start) is left for
 * the page's first visit, which tries again.
 */
export function preloadPages(router: Router, whenIdle: (run: () => void) => void = runWhenIdle): void {
  void router.isReady().then(() =>
    whenIdle(() => {
      for (const load of Object.values(pages)) load().catch(() => undefined)
    }),
  )
}

// VueUse has no idle-callback helper (its useIdle watches the user, not the browser): requestIdleCallback, with
// a plain one-off timeout where it is missing (Safari); both fire once, so there is nothing to clean up.
function runWhenIdle(run: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 5000 })
  else setTimeout(run, 1000)
}

/** The app's router with its guard; tests pass a memory history. */
export function createAppRouter(history: RouterHistory = createWebHistory(routerBase(import.meta.env))): Router {
  const router = createRouter({ history, routes })
  installSessionGuard(router)
  return router
}
