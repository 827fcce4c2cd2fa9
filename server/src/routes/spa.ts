import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../db/database.ts'
import { issueCsrfToken } from '../domain/sessions.ts'
import { doesNotExistError } from '../frappe/errors.ts'

/** URL spaces that belong to the server: a miss there is a Frappe 404, never the app's index.html. */
const SERVER_PREFIXES = ['/api', '/private', '/files', '/metrics']

const isServerPath = (url: string) => {
  const path = url.split('?')[0] ?? ''
  return SERVER_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))
}

/**
 * Serves the built SPA from `distDir`: its files as they are (hashed assets cached for a year), and
 * index.html for every other GET (client-side routes), with the session's CSRF token injected as
 * `window.csrf_token` the way a Frappe page carries it (issued then if the session had none). Misses under /api, /private, /files and
 * /metrics get Frappe's 404 body instead.
 */
export async function registerSpa(app: FastifyInstance, distDir: string, db: Db): Promise<void> {
  if (existsSync(distDir)) {
    await app.register(fastifyStatic, {
      root: distDir,
      index: false,
      dotfiles: 'ignore',
      // The build's gzip copies (scripts/precompress.ts) go to browsers that accept them; others get the file.
      preCompressed: true,
      setHeaders(reply, path) {
        if (path.includes(`${join(distDir, 'assets')}/`)) reply.header('Cache-Control', 'public, max-age=31536000, immutable')
      },
    })
  }

  const sendIndex = async (request: FastifyRequest, reply: FastifyReply) => {
    const indexPath = join(distDir, 'index.html')
    if (!existsSync(indexPath)) {
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .header('Cache-Control', 'no-store')
        .send(
          `The Invoice Scanner app is not built: ${indexPath} is missing.\nRun \`npm run build\` (or \`npm start\`, which builds it when needed), then reload.\n`,
        )
    }
    const html = await readFile(indexPath, 'utf8')
    // The page issues the session's token if it had none, as Frappe's desk page does when it boots.
    const token = request.auth.via === 'session' && request.auth.session ? issueCsrfToken(db, request.auth.session) : undefined
    return (
      reply
        .type('text/html; charset=utf-8')
        .header('Cache-Control', 'no-store')
        .header('X-Content-Type-Options', 'nosniff')
        // The app must not be framed by another site (clickjacking a signed-in clerk).
        .header('X-Frame-Options', 'SAMEORIGIN')
        .header('Referrer-Policy', 'same-origin')
        .send(token ? injectCsrfToken(html, token) : html)
    )
  }

  app.get('/', sendIndex)
  app.get('/index.html', sendIndex)
  app.setNotFoundHandler(async (request, reply) => {
    if ((request.method === 'GET' || request.method === 'HEAD') && !isServerPath(request.url)) return sendIndex(request, reply)
    throw doesNotExistError(`Not found: ${request.method} ${(request.url.split('?')[0] ?? '').slice(0, 200)}`)
  })
}

/**
 * Puts `<script>window.csrf_token = "…"</script>` before `</head>`. The value is JSON-encoded with `<`,
 * `>`, `&` and the JS line separators escaped, so no token can close the script element.
 */
export function injectCsrfToken(html: string, token: string): string {
  const literal = JSON.stringify(token).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  const script = `<script>window.csrf_token = ${literal}</script>`
  return html.includes('</head>') ? html.replace('</head>', `${script}</head>`) : script + html
}
