// Server messages may carry HTML (Frappe bolds field names, nginx answers a whole page). The app only ever
// shows text, so markup is reduced to its words here instead of trusting it to v-html.

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  laquo: '«',
  raquo: '»',
  euro: '€',
  pound: '£',
  copy: '©',
}

function decodeEntity(entity: string, body: string): string {
  if (body.startsWith('#')) {
    const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10)
    // Out-of-range or NUL code points would throw or smuggle control characters: keep the text as it was.
    return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity
  }
  return NAMED_ENTITIES[body.toLowerCase()] ?? entity
}

/** Decodes HTML character references (`&amp;`, `&#39;`, `&#x2014;`) to the characters they stand for. */
export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (entity, body: string) => decodeEntity(entity, body))
}

/**
 * Turns a fragment of HTML into the plain text a reader would see: scripts and styles dropped, block
 * breaks kept as spaces, tags removed, entities decoded, whitespace collapsed.
 */
export function htmlToPlainText(html: string): string {
  const withoutCode = html.replace(/<(script|style|head)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
  const withBreaks = withoutCode.replace(/<(br|hr|\/p|\/div|\/li|\/h[1-6]|\/tr|\/center)\b[^>]*>/gi, ' ')
  const withoutTags = withBreaks.replace(/<!--[\s\S]*?-->/g, ' ').replace(/<\/?[a-z!][^>]*>/gi, '')
  return decodeHtmlEntities(withoutTags).replace(/\s+/g, ' ').trim()
}

/** True when a response body looks like an HTML page rather than JSON (a proxy's 413 or 502 page). */
export function looksLikeHtml(body: string): boolean {
  return /^\s*(<!doctype html|<html|<head|<body|<center|<h1)/i.test(body)
}

/** The `<title>` (or first `<h1>`) of an HTML page, as plain text, or null when it has neither. */
export function htmlPageTitle(html: string): string | null {
  const match = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html) ?? /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(html)
  const title = match?.[1] ? htmlToPlainText(match[1]) : ''
  return title || null
}
