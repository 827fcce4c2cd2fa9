/** The two build settings that place the app: where its routes live and where its files are served. */
export interface BaseEnv {
  /** Vite's `base` (VITE_BASE): where the built files are served, e.g. `/assets/custom_erp/scanner/`. */
  BASE_URL: string
  /** Where the app's own pages live, e.g. `/scanner/` on a bench; the files' base when unset. */
  VITE_ROUTER_BASE?: string
}

/**
 * The router's base. On a Frappe bench the SPA answers at `/scanner/` (a www page with the session's CSRF
 * token) while its files come from `/assets/custom_erp/scanner/`, so the two are separate settings; the
 * service worker is registered at the router's base, so its scope covers the app's pages.
 */
export function routerBase(env: BaseEnv): string {
  const base = env.VITE_ROUTER_BASE?.trim() || env.BASE_URL
  const rooted = base.startsWith('/') ? base : `/${base}`
  return rooted.endsWith('/') ? rooted : `${rooted}/`
}
