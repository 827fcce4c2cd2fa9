/** Where a signed-in user lands by default. */
export const HOME_PATH = '/scan'

/**
 * The in-app path to return to after sign-in, or the home path. Only a path on this app is accepted:
 * `//evil.example`, `https://…`, backslash tricks and control characters fall back to home, so the
 * `redirect` query cannot send a user elsewhere.
 */
export function safeRedirect(value: unknown): string {
  const path = Array.isArray(value) ? value[0] : value
  if (typeof path !== 'string' || !path.startsWith('/')) return HOME_PATH
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (path.startsWith('//') || path.includes('\\') || /[\u0000-\u001f\u007f]/.test(path)) return HOME_PATH
  if (path === '/login' || path.startsWith('/login?') || path.startsWith('/login#')) return HOME_PATH
  return path
}
