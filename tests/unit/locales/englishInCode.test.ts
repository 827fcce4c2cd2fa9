import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// Issue 15: no words for the clerk outside src/locales. The lint rule (@intlify/vue-i18n/no-raw-text) checks
// templates; this test reads every string in the app's TypeScript (src/**/*.ts and the <script> of each .vue)
// and fails on one that reads like an English phrase, unless it is text no clerk sees. It reads phrases, so a
// lone word ("Sent") or a phrase in lower case from its first word passes: those are caught in review.

const sources = {
  ...import.meta.glob<string>(['/src/**/*.ts', '!/src/**/*.d.ts'], { query: '?raw', import: 'default', eager: true }),
  ...import.meta.glob<string>('/src/**/*.vue', { query: '?raw', import: 'default', eager: true }),
}

/**
 * A phrase someone would read: a sentence-case word (or a value, `X`) and, further on, a lower-case one —
 * "Page X of X", "X answered, but refused the API key: X". Title Case ("Purchase Invoice", "System Manager")
 * is how Frappe names doctypes, roles and statuses, and all lower case is a keyword (OCR, SQL), so neither counts.
 */
const PHRASE = /(?:^|\s)(?:[A-Z][A-Za-z’']+|X)[,;:.!?]?\s+(?:\S+\s+)*?[a-z][a-z’']+(?=[\s,;:.!?]|$)/

/** Built-in errors carry text for developers (a broken invariant, a bug); the clerk is never shown them as such. */
const DEVELOPER_ERRORS = new Set(['Error', 'TypeError', 'RangeError', 'DOMException'])

/**
 * Strings that are not words for a clerk, each with why: data the server or the engines compare against, and
 * markup the code parses. A new entry needs a reason as good as these.
 */
const NOT_FOR_THE_CLERK = new Set([
  // src/api/plainText.ts: CSS selectors for HTML the server sent.
  'script, style, head, template, noscript',
  'br, hr, p, div, li, h1, h2, h3, h4, h5, h6, tr, td, th, center',
  // src/types/frappe.ts: a Purchase Invoice status as Frappe stores it.
  'Debit Note Issued',
  // src/lib/reading: words OCR looks for on a receipt (German, English, French), not words the app says.
  'numero de facture',
  'date de facture',
])

/**
 * Files allowed to hold words for the clerk while a change moves them to src/locales, with how many (none now).
 * The count may only go down: a new phrase anywhere fails this test.
 */
const NOT_YET_MOVED: Record<string, number> = {}

/** The static text of a string or template literal, each `${…}` as `X`. */
function textOf(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text
  if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((span) => `X${span.literal.text}`).join('')
  return null
}

/** True when the literal is written for a developer or the type checker, not shown to anyone. */
function isNotShown(node: ts.Node): boolean {
  const { parent } = node
  if (ts.isLiteralTypeNode(parent) || ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent)) return true
  if (ts.isNewExpression(parent) && ts.isIdentifier(parent.expression) && DEVELOPER_ERRORS.has(parent.expression.text)) return true
  // console.warn('…', error): a note in the developer tools.
  if (ts.isCallExpression(parent) && ts.isPropertyAccessExpression(parent.expression)) {
    const target = parent.expression.expression
    if (ts.isIdentifier(target) && target.text === 'console') return true
  }
  return false
}

/** Every phrase in one file's TypeScript, as "line: text". */
function phrasesIn(path: string, source: string): string[] {
  // In a .vue file: its <script>, and its template's {{ }} and :bound expressions (the lint rule reads only the text around them).
  const script = path.endsWith('.vue')
    ? [
        ...[...source.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1]),
        ...[...source.matchAll(/\{\{([\s\S]*?)\}\}/g)].map((match) => `;(${match[1]})`),
        ...[...source.matchAll(/\s(?::|v-bind:)[\w.-]+="([^"]*)"/g)].map((match) => `;(${match[1]})`),
      ].join('\n')
    : source
  const file = ts.createSourceFile(path, script, ts.ScriptTarget.Latest, true)
  const found: string[] = []
  const visit = (node: ts.Node): void => {
    const text = textOf(node)
    if (text !== null && PHRASE.test(text) && !NOT_FOR_THE_CLERK.has(text) && !isNotShown(node)) {
      found.push(`${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${text}`)
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  return found
}

const phrases = Object.entries(sources)
  .map(([path, source]) => ({ path: path.slice(1), found: phrasesIn(path, source) }))
  .filter(({ found }) => found.length)

describe('no English outside the message files', () => {
  it('finds no phrase for the clerk in src/**/*.ts or a .vue script, beyond the files still listed', () => {
    const unexpected = phrases
      .filter(({ path, found }) => found.length > (NOT_YET_MOVED[path] ?? 0))
      .map(({ path, found }) => `${path}\n  ${found.join('\n  ')}`)
    expect(unexpected, 'put these in src/locales/en.json and de.json and use t()').toEqual([])
  })

  it('keeps the list of files still to move honest: each still has what it is listed with', () => {
    const counts = Object.fromEntries(phrases.map(({ path, found }) => [path, found.length]))
    const stale = Object.entries(NOT_YET_MOVED).filter(([path, count]) => (counts[path] ?? 0) < count)
    expect(stale, 'lower or remove these entries of NOT_YET_MOVED').toEqual([])
  })

  it('would fail on a phrase: the check reads strings the way the app writes them', () => {
    expect(phrasesIn('probe.ts', "notices.push({ text: 'Could not reach the server.' })")).toHaveLength(1)
    expect(phrasesIn('probe.ts', 'const note = `Page ${n} of ${total}`')).toHaveLength(1)
    expect(phrasesIn('probe.vue', '<script setup lang="ts">\nconst label = \'Send invoice\'\n</script>')).toHaveLength(1)
    expect(phrasesIn('probe.vue', "<template><pre>{{ text || 'No text was found.' }}</pre></template>")).toHaveLength(1)
    expect(phrasesIn('probe.vue', '<template><pre :aria-label="`Text read from page ${n}`"></pre></template>')).toHaveLength(1)
    expect(phrasesIn('probe.ts', "notices.push({ text: t('errors.network.offline') })")).toEqual([])
    expect(phrasesIn('probe.ts', "throw new RangeError('attempt must be a whole number')")).toEqual([])
  })
})
