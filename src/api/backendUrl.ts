import { t } from '@/locales/i18n'
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
    return { ok: false, message: t('backendUrl.full') }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, message: t('backendUrl.protocol') }
  }
  if (url.username || url.password) {
    return { ok: false, message: t('backendUrl.credentials') }
  }
  if (url.search || url.hash) return { ok: false, message: t('backendUrl.query') }
  return { ok: true, url: `${url.origin}${url.pathname}`.replace(/\/+$/, '') }
}
