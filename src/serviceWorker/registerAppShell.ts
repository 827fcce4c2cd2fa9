import { routerBase } from '@/lib/routerBase'

/**
 * Registers the app-shell service worker (dist/sw.js) in a production build, once `firstPageShown` has
 * settled, so the app opens without a network. The dev server has no sw.js, and a browser without service
 * workers simply goes without.
 * It is registered at the router's base (on a bench `/scanner/sw.js`, served there by custom_erp), so its
 * scope is the app's pages even when the files come from another path.
 */
export function registerAppShell(firstPageShown: Promise<unknown> = Promise.resolve()): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return
  const register = () => {
    navigator.serviceWorker.register(`${routerBase(import.meta.env)}sw.js`).catch((error: unknown) => {
      // Without it the app still works online; say why in the console for whoever looks.
      console.warn('The offline app shell could not be installed:', error)
    })
  }
  // Installing the shell downloads every page's code and the icons: on a slow network that waits until the
  // first page is on screen and the document has loaded, instead of competing with the first page's requests.
  void firstPageShown.then(() => {
    if (document.readyState === 'complete') register()
    // A plain once-listener: this runs at start-up outside any Vue scope, and `once` removes it.
    else window.addEventListener('load', register, { once: true })
  })
}
