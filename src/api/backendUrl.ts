/** The outcome of checking a backend URL typed in Settings. */
export type BackendUrlCheck = { ok: true; url: string } | { ok: false; message: string }

/**
 * Checks and normalises a backend URL: empty means "this server"; otherwise an http(s) origin with an
 * optional path, no credentials, query or fragment, and no trailing slash.
 */
export function checkBackendUrl(input: string): BackendUrlCheck {
  const text = input.trim()
  if (!text) return { ok: true, url: '' }
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return { ok: false, message: 'Enter a full address starting with http:// or https://, or leave it empty.' }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, message: 'Only http:// and https:// addresses are supported.' }
  }
  if (url.username || url.password) {
    return { ok: false, message: 'Leave the user name and password out of the address; use the API key and secret.' }
  }
  if (url.search || url.hash) return { ok: false, message: 'The address must not contain ? or #.' }
  return { ok: true, url: `${url.origin}${url.pathname}`.replace(/\/+$/, '') }
}
