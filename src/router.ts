import { createRouter, createWebHistory, type RouteRecordRaw, type Router, type RouterHistory } from 'vue-router'
import { routerBase } from '@/lib/routerBase'
import { useSessionStore } from '@/stores/session'

declare module 'vue-router' {
  interface RouteMeta {
    /** Shown in the tab title. */
    title?: string
    /** Reachable while signed out. */
    public?: boolean
  }
}

/** Where a signed-in user lands by default. */
export const HOME_PATH = '/scan'

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
  { path: '/scan', name: 'scan', component: pages.scan, meta: { title: 'Scanner' } },
  { path: '/invoices', name: 'invoices', component: pages.invoices, meta: { title: 'Invoices' } },
  { path: '/invoices/:name', name: 'invoice', component: pages.invoice, props: true, meta: { title: 'Invoice' } },
  { path: '/status', name: 'status', component: pages.status, meta: { title: 'Status' } },
  // Public so the backend URL can be set before anyone can sign in.
  { path: '/settings', name: 'settings', component: pages.settings, meta: { title: 'Settings', public: true } },
  { path: '/login', name: 'login', component: pages.login, meta: { title: 'Sign in', public: true } },
  { path: '/:unknown(.*)*', redirect: HOME_PATH },
]

/**
 * The in-app path to return to after sign-in, or the home path. Only a path on this app is accepted:
 * `//evil.example`, `https://…`, backslash tricks and control characters fall back to home, so the
 * `redirect` query cannot send a user elsewhere.
 */
export function safeRedirect(value: unknown): string {
  const path = Array.isArray(value) ? value[0] : value
  if (typeof path !== 'string' || !path.startsWith('/')) return HOME_PATH
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (path.startsWith('//') || path.includes('\\') || /[\u0000-\u001f\u007f]/.test(path)) return HOME_PATH
  if (path === '/login' || path.startsWith('/login?') || path.startsWith('/login#')) return HOME_PATH
  return path
}

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
  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} · Invoice Scanner` : 'Invoice Scanner'
  })
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
