import { useEventListener, useLocalStorage, useTimeoutFn } from '@vueuse/core'
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, onScopeDispose, ref } from 'vue'
import { getLoggedUser, getSessionInfo, login, logout } from '@/api/auth'
import { configureClient, onAuthFailure } from '@/api/client'
import { NetworkError, toFrappeError, type FrappeError } from '@/api/errors'
import { backoffDelay } from '@/lib/backoff'
import type { SessionUser } from '@/types/frappe'
import { useNoticesStore } from './notices'
import { useSettingsStore } from './settings'
import { t } from '@/locales/i18n'

/** `unknown` until the first check with the server has finished. */
export type SessionStatus = 'unknown' | 'signed-in' | 'signed-out'

/** The signed-in user, without the CSRF token (kept apart so it is not shown by accident). */
export type SessionProfile = Omit<SessionUser, 'csrf_token'>

const RESTORE_NOTICE_ID = 'session-restore'
const EXPIRED_NOTICE_ID = 'session-expired'
/** The last user the server confirmed on this device (name, full name, roles; never a token or password). */
const LAST_USER_KEY = 'invoice-scanner:last-user'

/** How often a clerk who started offline asks the server again: soon at first, then at most every 30 s. */
const RECHECK_BACKOFF = { baseMs: 2_000, capMs: 30_000 }

/**
 * No answer about the user: the network failed, or a proxy in front of a stopped or restarting backend
 * answered for it (502, 503, 504), as nginx in front of the embedded server or a Frappe bench does.
 */
function cannotReachServer(error: FrappeError): boolean {
  return error instanceof NetworkError || error.httpStatus === 502 || error.httpStatus === 503 || error.httpStatus === 504
}

/** What LAST_USER_KEY holds, or null for anything that is not a profile (damaged, or from another version). */
function parseLastUser(raw: string): SessionProfile | null {
  try {
    const value = JSON.parse(raw) as Partial<SessionProfile> | null
    if (!value || typeof value.name !== 'string' || !value.name) return null
    return {
      name: value.name,
      full_name: typeof value.full_name === 'string' ? value.full_name : value.name,
      roles: Array.isArray(value.roles) ? value.roles.filter((r) => typeof r === 'string') : [],
    }
  } catch {
    return null
  }
}

// A real Frappe answers a Guest's get_logged_user with 403, the embedded server with 401.
function meansSignedOut(error: FrappeError): boolean {
  return error.httpStatus === 401 || error.httpStatus === 403 || error.excType === 'AuthenticationError'
}

/** The page's own token when the server injected one, otherwise the token get_session_info answered. */
export function pickCsrfToken(pageToken: unknown, sessionToken: string): string {
  return typeof pageToken === 'string' && pageToken.trim() && pageToken !== 'None' ? pageToken : sessionToken
}

/** Who is signed in, and signing in and out. */
export const useSessionStore = defineStore('session', () => {
  // The client must know the backend URL and key pair before the first session call.
  const settings = useSettingsStore()
  const notices = useNoticesStore()

  const status = ref<SessionStatus>('unknown')
  const user = ref<SessionProfile | null>(null)
  const csrfToken = ref('')
  /**
   * Signed in as the last user this device saw, because the server could not be reached to ask: the
   * clerk keeps working on what is on the device, and nothing is sent until the server confirms.
   */
  const offline = ref(false)
  /** The last user the server confirmed on this device; written at once so a reload a moment later finds it. */
  const lastUser = useLocalStorage<SessionProfile | null>(LAST_USER_KEY, null, {
    serializer: { read: parseLastUser, write: (value) => JSON.stringify(value) },
    flush: 'sync',
  })
  let recheckAttempt = 0
  let recheckDelay = 0
  // useTimeoutFn rather than useTimeoutPoll: the pause grows with each attempt (backoff), which a poll cannot do.
  const recheck = useTimeoutFn(
    () => void restore({ force: true }),
    () => recheckDelay,
    { immediate: false },
  )
  let restoring: Promise<void> | null = null

  const fullName = computed(() => user.value?.full_name || user.value?.name || '')
  /** The signed-in user's id (their email), or '' when nobody is signed in. */
  const userName = computed(() => user.value?.name ?? '')
  const roles = computed(() => user.value?.roles ?? [])
  const isSystemManager = computed(() => roles.value.includes('System Manager'))

  function stopRechecking(): void {
    recheck.stop()
    recheckAttempt = 0
  }

  function setSignedIn(info: SessionUser, token: string): void {
    stopRechecking()
    user.value = { name: info.name, full_name: info.full_name, roles: [...(info.roles ?? [])] }
    lastUser.value = { ...user.value }
    offline.value = false
    csrfToken.value = token
    configureClient({ csrfToken: token })
    status.value = 'signed-in'
    notices.dismiss(RESTORE_NOTICE_ID)
    notices.dismiss(EXPIRED_NOTICE_ID)
  }

  /**
   * Nobody is signed in. When the server said so (a Guest, an ended session, Sign out), the device forgets
   * the last user too; an answer that says nothing about the user (a server error) keeps them for an offline start.
   */
  function setSignedOut({ confirmed = true }: { confirmed?: boolean } = {}): void {
    stopRechecking()
    if (confirmed) lastUser.value = null
    offline.value = false
    user.value = null
    csrfToken.value = ''
    configureClient({ csrfToken: '' })
    status.value = 'signed-out'
  }

  /** The session ended under a signed-in user: sign out and say so. */
  function sessionEnded(): void {
    if (status.value !== 'signed-in') return
    setSignedOut()
    notices.push({ id: EXPIRED_NOTICE_ID, kind: 'warning', text: t('session.ended') })
  }

  /** The check under way: one at a time, so the 403 of the check itself (a Guest's) does not start another. */
  let confirming: Promise<boolean> | null = null

  // A 401 while signed in means the session ended elsewhere (expired, signed out in another tab). A 403 may mean
  // the same on Frappe v15 (a Guest's refusal), or a refusal of this user: the server is asked which.
  const stopListening = onAuthFailure((status) => {
    if (status === 401) return sessionEnded()
    if (status === 403 && user.value && !offline.value) void confirmSignedIn()
  })
  onScopeDispose(stopListening)

  /**
   * Asks the server whether the user is still signed in, after an answer that can mean either: Frappe v15
   * refuses a Guest with 403 PermissionError (frappe/__init__.py `is_whitelisted`), as it refuses a signed-in
   * user what they may not do. A Guest ends the session as a 401 does. An answer that says nothing about the
   * user (offline, 5xx) is not a yes either: the caller waits rather than gives up.
   */
  function confirmSignedIn(): Promise<boolean> {
    confirming ??= askWhoIsSignedIn().finally(() => (confirming = null))
    return confirming
  }

  async function askWhoIsSignedIn(): Promise<boolean> {
    try {
      const name = await getLoggedUser()
      if (name && name !== 'Guest') return true
    } catch (caught) {
      if (!meansSignedOut(toFrappeError(caught))) return false
    }
    sessionEnded()
    return false
  }

  async function check(): Promise<void> {
    try {
      const name = await getLoggedUser()
      if (!name || name === 'Guest') return setSignedOut()
      const info = await getSessionInfo()
      // The page's injected token is this server's; a separate backend's session has its own.
      setSignedIn(info, settings.backendUrl ? info.csrf_token : pickCsrfToken(window.csrf_token, info.csrf_token))
    } catch (caught) {
      const error = toFrappeError(caught)
      const remembered = cannotReachServer(error) ? lastUser.value : null
      if (remembered) return setOffline(remembered)
      setSignedOut({ confirmed: meansSignedOut(error) })
      if (!meansSignedOut(error)) {
        notices.push({ id: RESTORE_NOTICE_ID, kind: 'error', text: t('session.restoreFailed', { reason: error.message }) })
      }
    }
  }

  function setOffline(remembered: SessionProfile): void {
    user.value = remembered
    offline.value = true
    status.value = 'signed-in'
    notices.push({ id: RESTORE_NOTICE_ID, kind: 'warning', text: t('session.offline') })
    // A server that restarts or a Wi-Fi that returns fires no 'online' event: ask again now and then too.
    recheckDelay = backoffDelay(recheckAttempt++, RECHECK_BACKOFF)
    recheck.start()
  }

  // Back online: ask the server now, so sending can start (or the clerk is asked to sign in again).
  const onOnline = () => {
    if (offline.value) void restore({ force: true })
  }
  // VueUse's default target is the window (none outside a browser), and the listener goes with the store's scope.
  useEventListener('online', onOnline)

  /**
   * Asks the server who is signed in (cookie or API key). Runs once; later calls share that answer
   * unless `force` asks again (after the backend URL changed). Never rejects.
   */
  function restore(options: { force?: boolean } = {}): Promise<void> {
    if (!restoring || options.force) restoring = check()
    return restoring
  }

  /**
   * Signs in with a password, then fetches the user's roles and the session's new CSRF token.
   * Rejects with a FrappeError carrying the server's message (e.g. "Invalid login credentials").
   */
  async function signIn(usr: string, pwd: string): Promise<void> {
    try {
      await login(usr.trim(), pwd)
      const info = await getSessionInfo()
      // The token injected into the page belonged to the visitor before signing in.
      setSignedIn(info, info.csrf_token)
      restoring = Promise.resolve()
    } catch (caught) {
      throw toFrappeError(caught)
    }
  }

  /** Ends the session on the server, then forgets the user. Rejects (and stays signed in) when the server cannot be reached. */
  async function signOut(): Promise<void> {
    try {
      await logout()
    } catch (caught) {
      const error = toFrappeError(caught)
      if (!meansSignedOut(error)) throw error
    }
    // The page's injected token died with the session; a later sign-in must not send it.
    if (typeof window !== 'undefined') window.csrf_token = ''
    setSignedOut()
    restoring = Promise.resolve()
  }

  return { status, user, csrfToken, offline, fullName, userName, roles, isSystemManager, restore, confirmSignedIn, signIn, signOut }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useSessionStore, import.meta.hot))
