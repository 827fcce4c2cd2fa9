/**
 * Registers the app-shell service worker (dist/sw.js) in a production build, so the app opens without a
 * network. The dev server has no sw.js, and a browser without service workers simply goes without.
 */
export function registerAppShell(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return
  window.addEventListener('load', () => {
    navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`).catch((error: unknown) => {
      // Without it the app still works online; say why in the console for whoever looks.
      console.warn('The offline app shell could not be installed:', error)
    })
  })
}
