import { t } from '@/locales/i18n'
/**
 * Which sign-in the app's requests use, for the Settings page to say plainly. Frappe's `sid` cookie is
 * `SameSite=Lax` (frappe/auth.py `CookieManager.set_cookie`), so a browser sends it only to the same site;
 * with an API key pair every request carries `Authorization: token`, and on a bench a live cookie session
 * is still used first (frappe/auth.py `HTTPRequest.__init__` resumes the session before `validate_auth`).
 */
export type AuthMode = 'cookie' | 'cookie-cross-site' | 'token' | 'token-cross-site'

export interface AuthModeInput {
  backendUrl: string
  apiKey: string
  apiSecret: string
  /** The page's own origin (location.origin). */
  pageOrigin: string
}

/** The site of a URL: scheme and the last two labels of its host (an approximation of eTLD+1 without the list). */
function siteOf(url: string): string | null {
  try {
    const { protocol, hostname } = new URL(url)
    const labels = hostname.split('.')
    const site = /^[\d.]+$|:/.test(hostname) ? hostname : labels.slice(-2).join('.')
    return `${protocol}//${site}`
  } catch {
    return null
  }
}

/** Which of the four cases applies to these settings. */
export function authMode({ backendUrl, apiKey, apiSecret, pageOrigin }: AuthModeInput): AuthMode {
  const url = backendUrl.trim()
  const sameSite = !url || siteOf(url) === siteOf(pageOrigin)
  const token = apiKey.trim() !== '' && apiSecret.trim() !== ''
  if (token) return sameSite ? 'token' : 'token-cross-site'
  return sameSite ? 'cookie' : 'cookie-cross-site'
}

/** One sentence for the clerk about what `mode` means. */
export function authModeSentence(mode: AuthMode): string {
  switch (mode) {
    case 'cookie':
      return t('auth.cookie')
    case 'cookie-cross-site':
      return t('auth.cookieCrossSite')
    case 'token':
      return t('auth.token')
    case 'token-cross-site':
      return t('auth.tokenCrossSite')
  }
}
