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
