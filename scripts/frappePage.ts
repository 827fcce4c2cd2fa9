/**
 * Turns the built index.html into custom_erp's www/scanner.html, the Jinja page Frappe renders for /scanner
 * (frappe/website/page_renderers/template_page.py). Pure text in, text out, so it is tested on its own.
 */

/** The Frappe build's two bases: the router's (pages) and Vite's (files). */
export const FRAPPE_ROUTER_BASE = '/scanner/'
export const FRAPPE_ASSETS_BASE = '/assets/custom_erp/scanner/'

// www/scanner.py puts the session's token in the context; tojson quotes and escapes it for a script.
const CSRF_SCRIPT = '<script>window.csrf_token = {{ csrf_token | tojson }};</script>'

/**
 * The page: the built HTML untouched but for the CSRF script at the top of <head>. Anything Jinja would read
 * as its own syntax is refused rather than escaped, so the page is exactly what Vite built.
 */
export function toFrappePage(builtHtml: string): string {
  if (/\{\{|\{%|\{#/.test(builtHtml))
    throw new Error('The built index.html holds Jinja syntax ({{, {% or {#); it cannot be a Frappe page as is')
  if (!/<head[^>]*>/i.test(builtHtml)) throw new Error('The built index.html has no <head>')
  if (!builtHtml.includes(FRAPPE_ASSETS_BASE))
    throw new Error(`The built index.html does not load its files from ${FRAPPE_ASSETS_BASE}: was VITE_BASE set?`)
  return builtHtml.replace(/<head[^>]*>/i, (head) => `${head}\n    ${CSRF_SCRIPT}`)
}

interface Manifest {
  id?: string
  start_url?: string
  scope?: string
  share_target?: { action?: string }
  [key: string]: unknown
}

/**
 * The web app manifest for the Frappe build. Its URLs are written relative ("./scan") and resolve against the
 * manifest's own URL: right on the embedded server, where pages and files share `/`, but on a bench the
 * manifest is a file under /assets/custom_erp/scanner/ while the pages (and the service worker's scope) are
 * /scanner/, so an installed app would start at /assets/custom_erp/scanner/scan, a 404 in the bench's nginx,
 * and shared photos would be posted where no service worker listens. The page URLs become the router base's;
 * the icons stay relative to the manifest, beside it under the assets base.
 */
export function toFrappeManifest(builtManifest: string): string {
  const manifest = JSON.parse(builtManifest) as Manifest
  const underRouter = (url: string | undefined, field: string) => {
    if (url === undefined || !url.startsWith('./')) throw new Error(`manifest ${field} must be relative ("./…"), got ${String(url)}`)
    return `${FRAPPE_ROUTER_BASE}${url.slice(2)}`
  }
  manifest.id = underRouter(manifest.id, 'id')
  manifest.start_url = underRouter(manifest.start_url, 'start_url')
  manifest.scope = underRouter(manifest.scope, 'scope')
  if (manifest.share_target) manifest.share_target.action = underRouter(manifest.share_target.action, 'share_target.action')
  return `${JSON.stringify(manifest, null, 2)}\n`
}
