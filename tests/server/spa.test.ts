import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { injectCsrfToken } from '../../server/src/routes/spa'
import { CLERK, METHOD, TestClient } from './support/client'
import { startTestServer, type TestServer } from './support/server'

const INDEX = '<!doctype html><html><head><title>Invoice Scanner</title></head><body><div id="app"></div></body></html>'
const BIG_CHUNK = `export const lines = [${Array.from({ length: 500 }, (_, i) => `'line ${i}'`).join(',')}]`
let distDir: string
let server: TestServer

beforeAll(async () => {
  distDir = mkdtempSync(join(tmpdir(), 'scanner-dist-'))
  mkdirSync(join(distDir, 'assets'))
  writeFileSync(join(distDir, 'index.html'), INDEX)
  writeFileSync(join(distDir, 'assets', 'index-abc123.js'), 'console.log("app")')
  // A build's chunk with the gzip copy scripts/precompress.ts writes beside it.
  writeFileSync(join(distDir, 'assets', 'envelope-def456.js'), BIG_CHUNK)
  writeFileSync(join(distDir, 'assets', 'envelope-def456.js.gz'), gzipSync(BIG_CHUNK))
  writeFileSync(join(distDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
  writeFileSync(join(distDir, '.env'), 'SECRET=1')
  server = await startTestServer({ distDir })
})
afterAll(async () => {
  await server?.stop()
  rmSync(distDir, { recursive: true, force: true })
})

describe('serving the built app', () => {
  it('answers index.html without a token to a guest, never cached', async () => {
    const answer = await new TestClient(server.url).get<string>('/')
    expect(answer.status).toBe(200)
    expect(answer.headers.get('content-type')).toMatch(/^text\/html/)
    expect(answer.headers.get('cache-control')).toBe('no-store')
    expect(answer.headers.get('x-frame-options')).toBe('SAMEORIGIN')
    expect(answer.body).toBe(INDEX)
  })

  it('injects the session’s CSRF token before </head> for a signed-in user, on every app route', async () => {
    const clerk = new TestClient(server.url)
    await clerk.login(CLERK)
    for (const path of ['/', '/scan', '/invoices/ACC-PINV-2026-00001', '/index.html']) {
      const answer = await clerk.get<string>(path)
      expect(answer.status, path).toBe(200)
      expect(answer.body).toContain(`<script>window.csrf_token = "${clerk.csrfToken}"</script></head>`)
    }
    // And the token it carries is the one writes need.
    const info = await clerk.get<{ message: { csrf_token: string } }>(`${METHOD}.get_session_info`)
    expect(info.body.message.csrf_token).toBe(clerk.csrfToken)
  })

  it('serves static files, hashed assets with a long cache, and no dotfiles', async () => {
    const guest = new TestClient(server.url)
    const asset = await guest.get<string>('/assets/index-abc123.js')
    expect(asset.body).toBe('console.log("app")')
    expect(asset.headers.get('cache-control')).toContain('immutable')
    expect((await guest.get<string>('/favicon.svg')).body).toContain('<svg')
    expect((await guest.get<string>('/.env')).body).not.toContain('SECRET')
  })

  it('sends the build’s gzip copy of a file to a browser that accepts gzip, and the file itself to one that does not', async () => {
    const zipped = await fetch(`${server.url}/assets/envelope-def456.js`, { headers: { 'accept-encoding': 'gzip' } })
    expect(zipped.headers.get('content-encoding')).toBe('gzip')
    expect(zipped.headers.get('content-type')).toMatch(/javascript/)
    expect(zipped.headers.get('cache-control')).toContain('immutable')
    expect(Number(zipped.headers.get('content-length'))).toBeLessThan(BIG_CHUNK.length / 3)
    expect(await zipped.text()).toBe(BIG_CHUNK)

    const plain = await fetch(`${server.url}/assets/envelope-def456.js`, { headers: { 'accept-encoding': 'identity' } })
    expect(plain.headers.get('content-encoding')).toBeNull()
    expect(await plain.text()).toBe(BIG_CHUNK)
    // A file the build did not compress is sent as it is, whatever the browser accepts.
    const small = await fetch(`${server.url}/assets/index-abc123.js`, { headers: { 'accept-encoding': 'gzip' } })
    expect(small.headers.get('content-encoding')).toBeNull()
    expect(await small.text()).toBe('console.log("app")')
  })

  it('keeps server URL spaces out of the fallback: /api, /private, /files misses are Frappe 404s', async () => {
    const guest = new TestClient(server.url)
    for (const path of ['/api/unknown', '/api/resource', '/private/other/x', '/files/missing.pdf', '/metrics/other']) {
      const answer = await guest.get(path)
      expect(answer.status, path).toBe(404)
      expect(answer.body, path).toMatchObject({ exc_type: 'DoesNotExistError' })
    }
    expect((await guest.post('/scan', {})).status).toBe(404)
  })

  it('escapes the token so it can never close the script element', () => {
    const html = injectCsrfToken('<head></head>', '</script><script>alert(1)</script>\u2028')
    expect(html).toBe(
      '<head><script>window.csrf_token = "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\\u2028"</script></head>',
    )
  })
})

describe('without a build', () => {
  it('says to run npm run build instead of failing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'scanner-nodist-'))
    const bare = await startTestServer({ distDir: join(empty, 'dist') })
    try {
      const answer = await new TestClient(bare.url).get<string>('/scan')
      expect(answer.status).toBe(503)
      expect(answer.headers.get('content-type')).toMatch(/^text\/plain/)
      expect(answer.body).toMatch(/Run `npm run build`/)
      expect((await new TestClient(bare.url).get('/api/method/ping')).body).toEqual({ message: 'pong' })
    } finally {
      await bare.stop()
      rmSync(empty, { recursive: true, force: true })
    }
  })
})
