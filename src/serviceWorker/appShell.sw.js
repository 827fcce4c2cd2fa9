/**
 * The app-shell service worker: keeps index.html and this build's assets on the device, so the app opens
 * with no network (its pages and lines are in IndexedDB already). It never answers for the API or for
 * uploaded files: those always go to the network, untouched.
 *
 * A template: vite.config.ts's appShellWorker plugin writes it to dist/sw.js with the build's file list
 * and version in place of the two placeholders below.
 */
// Plain listeners below: a service worker has no Vue, and its listeners live as long as it does.
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
        const routes = SERVER_PATHS.map((path) => ({
          condition: { urlPattern: new URLPattern({ pathname: `${path}*` }) },
          source: 'network',
        }))
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

// The manifest's share_target: a photo or PDF shared from the gallery or a mail app arrives here as a POST.
const shareTargetUrl = new URL('share-target', scope).href

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method === 'POST' && request.url.split('?')[0] === shareTargetUrl) {
    event.respondWith(receiveShare(request))
    return
  }
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

// Shared files wait in their own small database until the Scanner takes them as pages of the current draft
// (src/storage/sharedInbox.ts reads it; the names must match). Kept apart from the app's database so
// this worker never has to know, or upgrade, the app's schema.
const INBOX_DB = 'invoice-scanner-inbox'
const INBOX_STORE = 'shared'
/** Limits on what one share may put on the device: a gallery share of hundreds of photos is cut, and said so. */
const MAX_SHARED_FILES = 50
const MAX_SHARED_BYTES = 50 * 1024 * 1024

/**
 * Keeps the shared files on the device first (so nothing is lost when the app is closed, or the clerk must
 * sign in first), then opens the Scanner, which turns them into pages.
 */
async function receiveShare(request) {
  const scanner = new URL('scan', scope)
  try {
    const form = await request.formData()
    const files = form.getAll('pages').filter((value) => typeof value !== 'string' && value.size > 0)
    const kept = files.filter((file) => file.size <= MAX_SHARED_BYTES).slice(0, MAX_SHARED_FILES)
    await putShared(kept.map((file) => ({ name: file.name, type: file.type, blob: file, received: Date.now() })))
    scanner.searchParams.set('shared', String(kept.length))
    if (kept.length < files.length) scanner.searchParams.set('refused', String(files.length - kept.length))
  } catch {
    // A share that could not be read or kept still opens the app, which says so.
    scanner.searchParams.set('shared', 'failed')
  }
  return Response.redirect(scanner.href, 303)
}

function putShared(records) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(INBOX_DB, 1)
    open.onupgradeneeded = () => open.result.createObjectStore(INBOX_STORE, { autoIncrement: true })
    open.onerror = () => reject(open.error)
    open.onsuccess = () => {
      const db = open.result
      const tx = db.transaction(INBOX_STORE, 'readwrite')
      for (const record of records) tx.objectStore(INBOX_STORE).add(record)
      tx.oncomplete = () => {
        db.close()
        resolve()
      }
      tx.onerror = tx.onabort = () => {
        db.close()
        reject(tx.error)
      }
    }
  })
}
