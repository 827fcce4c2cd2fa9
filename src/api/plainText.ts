// Server messages may carry HTML (Frappe bolds field names, nginx answers a whole page). The app only ever
// shows text, so markup is reduced to its words here instead of trusting it to v-html.

// The browser's own HTML parser does the reading: it knows every entity and every way a tag can be written, and the
// document it builds is inert (no scripts run, nothing is fetched). Only its text is ever taken.

/** Elements whose content is no text a reader sees. */
const UNSEEN = 'script, style, head, template, noscript'
/** Elements that break a line or make a block: their text is kept apart from what stands around them. */
const BREAKS = 'br, hr, p, div, li, h1, h2, h3, h4, h5, h6, tr, td, th, center'

function parse(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html')
}

function textOf(root: Element): string {
  for (const element of root.querySelectorAll(UNSEEN)) element.remove()
  for (const element of root.querySelectorAll(BREAKS)) {
    element.before(' ')
    element.after(' ')
  }
  return (root.textContent ?? '').replace(/\s+/g, ' ').trim()
}

/**
 * Turns a fragment of HTML into the plain text a reader would see: scripts and styles dropped, block
 * breaks kept as spaces, tags removed, entities decoded, whitespace collapsed.
 */
export function htmlToPlainText(html: string): string {
  return textOf(parse(html).body)
}

/** True when a response body looks like an HTML page rather than JSON (a proxy's 413 or 502 page). */
export function looksLikeHtml(body: string): boolean {
  return /^\s*(<!doctype html|<html|<head|<body|<center|<h1)/i.test(body)
}

/** The `<title>` (or first `<h1>`) of an HTML page, as plain text, or null when it has neither. */
export function htmlPageTitle(html: string): string | null {
  const page = parse(html)
  const title = page.title.replace(/\s+/g, ' ').trim()
  if (title) return title
  const heading = page.querySelector('h1')
  return (heading && textOf(heading)) || null
}
