import { describe, expect, it } from 'vitest'
import { toFrappePage } from '../../../scripts/frappePage'

const BUILT = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <script type="module" crossorigin src="/assets/custom_erp/scanner/assets/index-abc123.js"></script>
  </head>
  <body><div id="app"></div></body>
</html>`

describe('toFrappePage', () => {
  it('puts the session’s CSRF token first in <head> and leaves the rest as built', () => {
    const page = toFrappePage(BUILT)
    expect(page).toContain('<head>\n    <script>window.csrf_token = {{ csrf_token | tojson }};</script>')
    expect(page.replace(/\n {4}<script>window\.csrf_token[^\n]*/, '')).toBe(BUILT)
  })

  it('refuses a page Jinja would read differently, or one built without the assets base', () => {
    expect(() => toFrappePage(BUILT.replace('<div id="app">', '<div id="app">{{ x }}'))).toThrow(/Jinja syntax/)
    expect(() => toFrappePage(BUILT.replaceAll('/assets/custom_erp/scanner/', '/'))).toThrow(/was VITE_BASE set/)
  })
})
