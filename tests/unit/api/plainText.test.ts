import { describe, expect, it } from 'vitest'
import { htmlPageTitle, htmlToPlainText, looksLikeHtml } from '@/api/plainText'

describe('htmlToPlainText', () => {
  it('keeps the words and drops tags, scripts, styles and comments', () => {
    expect(htmlToPlainText('<p>Row <strong>3</strong>:</p><script>alert(1)</script><style>p{}</style><!-- x -->rate missing')).toBe(
      'Row 3: rate missing',
    )
  })

  it('turns line and block breaks into spaces', () => {
    expect(htmlToPlainText('first<br>second<br/><div>third</div>fourth<p>fifth</p><ul><li>a</li><li>b</li></ul>')).toBe(
      'first second third fourth fifth a b',
    )
  })

  it('leaves a lone < that is not a tag alone', () => {
    expect(htmlToPlainText('qty < 5 and > 2')).toBe('qty < 5 and > 2')
  })
})

describe('entities', () => {
  it('decodes named, decimal and hex references', () => {
    expect(htmlToPlainText('Smith &amp; Sons &#8211; &#x20AC;5 &quot;net&quot; &apos;ok&#39; &hellip;')).toBe(
      'Smith & Sons – €5 "net" \'ok\' …',
    )
  })

  it('leaves unknown references as they were and never yields a NUL', () => {
    const text = htmlToPlainText('&bogus; &#0; &#x110000;')
    expect(text.startsWith('&bogus; ')).toBe(true)
    expect(text).not.toContain('\u0000')
  })

  it('decodes only once, so &amp;lt; stays text', () => {
    expect(htmlToPlainText('&amp;lt;b&amp;gt;')).toBe('&lt;b&gt;')
  })
})

describe('HTML pages', () => {
  it('recognises a page and reads its title or first heading', () => {
    expect(looksLikeHtml('  <!DOCTYPE html><html>')).toBe(true)
    expect(looksLikeHtml('{"exc_type":"ValidationError"}')).toBe(false)
    expect(htmlPageTitle('<html><head><title>413 Request Entity Too Large</title></head></html>')).toBe('413 Request Entity Too Large')
    expect(htmlPageTitle('<center><h1>502 Bad Gateway</h1></center>')).toBe('502 Bad Gateway')
    expect(htmlPageTitle('<html><body>no title</body></html>')).toBeNull()
    expect(htmlPageTitle('<title>  a &amp; b\n</title>')).toBe('a & b')
  })
})
