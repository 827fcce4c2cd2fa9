/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Where the app's pages live when that is not where its files are (a Frappe bench: `/scanner/`). */
  readonly VITE_ROUTER_BASE?: string
}

interface Window {
  /** Injected into index.html by the server for the signed-in session, as a Frappe page does. */
  csrf_token?: string
}
