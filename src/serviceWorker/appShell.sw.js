/**
 * The app-shell service worker: keeps index.html and this build's assets on the device, so the app opens
 * with no network (its pages and lines are in IndexedDB already). It never answers for the API or for
 * uploaded files: those always go to the network, untouched.
 *
 * A template: vite.config.ts's appShellWorker plugin writes it to dist/sw.js with the build's file list
 * and version in place of the two placeholders below.
 */
const FILES = self.__APP_SHELL_FILES__
const VERSION = self.__APP_SHELL_VERSION__
// Where the build's files are served (Vite's base); the scope is where the app's pages are. On a bench
// these differ: /assets/custom_erp/scanner/ and /scanner/.
const ASSETS_BASE = self.__APP_SHELL_ASSETS_BASE__

const CACHE_PREFIX = 'invoice-scanner-shell-'
const CACHE = CACHE_PREFIX + VERSION
const scope = new URL(self.registration.scope)
const shellUrl = new URL('index.html', scope).href
const filesBase = new URL(ASSETS_BASE, scope)
const fileUrls = new Set(FILES.map((file) => new URL(file, filesBase).href))
// The server's own URL spaces, at the origin's root where the app calls them: a navigation there (an
// attachment opened in a tab) is never the app.
const SERVER_PATHS = ['/api/', '/private/', '/files/', '/metrics']

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      // Where the browser can be told (Chromium's static routing), the API and files go straight to the
      // network without waking this worker: no detour for every batch and upload.
      if (typeof event.addRoutes === 'function' && typeof URLPattern === 'function') {
        const routes = SERVER_PATHS.map((path) => ({ condition: { urlPattern: new URLPattern({ pathname: `${path}*` }) }, source: 'network' }))
        await event.addRoutes(routes).catch(() => undefined)
      }
      const cache = await caches.open(CACHE)
      // Fetched without cookies, so the kept shell carries no session's CSRF token.
      const shell = await fetch(shellUrl, { credentials: 'omit', cache: 'no-store' })
      if (!shell.ok) throw new Error(`index.html answered ${shell.status}`)
      await cache.put(shellUrl, shell)
      await cache.addAll([...fileUrls])
      await self.skipWaiting()
    })(),
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key.startsWith(CACHE_PREFIX) && key !== CACHE) await caches.delete(key)
      await self.clients.claim()
    })(),
  )
})

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== scope.origin) return
  if (request.mode === 'navigate') {
    if (!SERVER_PATHS.some((path) => url.pathname.startsWith(path))) event.respondWith(networkThenShell(request))
    return
  }
  if (fileUrls.has(url.href)) event.respondWith(keptThenNetwork(request))
})

// What a proxy answers for a stopped or restarting backend (nginx in front of the server or a bench).
const UNREACHABLE = new Set([502, 503, 504])

/**
 * The server's page when it answers (it carries the session's token); the kept shell when it cannot be
 * reached, directly or behind a proxy.
 */
async function networkThenShell(request) {
  let response
  try {
    response = await fetch(request)
  } catch (error) {
    const shell = await caches.match(shellUrl, { cacheName: CACHE })
    if (shell) return shell
    throw error
  }
  if (!UNREACHABLE.has(response.status)) return response
  return (await caches.match(shellUrl, { cacheName: CACHE })) ?? response
}

/** Built assets never change under their hashed names: the kept copy is the right one. */
async function keptThenNetwork(request) {
  return (await caches.match(request, { cacheName: CACHE })) ?? fetch(request)
}
