/// <reference types="vite/client" />

interface Window {
  /** Injected into index.html by the server for the signed-in session, as a Frappe page does. */
  csrf_token?: string
}
