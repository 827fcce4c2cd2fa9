import { createPinia, disposePinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { configureClient } from '@/api/client'
import { forceCleanup } from '@/api/memory'
import { useNoticesStore } from '@/stores/notices'
import { pickCsrfToken, useSessionStore } from '@/stores/session'
import { useSettingsStore } from '@/stores/settings'
import {
  CLERK,
  CLERK_PASSWORD,
  installFakeHttp,
  resetClient,
  routeFrappeSession,
  SESSION_INFO_PATH,
  type FakeHttp,
  type FakeReply,
} from '../api/fakeHttp'

const LOGGED_USER_PATH = '/api/method/frappe.auth.get_logged_user'
const CLEANUP_PATH = '/api/method/custom_erp.custom_erp.purchase_invoice.api.force_cleanup'

let fake: FakeHttp
let pinia: Pinia

beforeEach(() => {
  resetClient(configureClient)
  pinia = createPinia()
  setActivePinia(pinia)
  fake = installFakeHttp().on('POST', CLEANUP_PATH, { status: 200, body: { message: { before_mb: 1, after_mb: 1, freed_mb: 0 } } })
})
// Disposing stops each store's listeners, so a store from an earlier test cannot react to this one's calls.
afterEach(() => {
  disposePinia(pinia)
  fake.restore()
})

function routeSession(signedIn: boolean) {
  return routeFrappeSession(fake, { signedIn })
}

describe('restore', () => {
  it('asks get_logged_user first, then loads name, roles and CSRF token of a signed-in user', async () => {
    routeSession(true)
    const session = useSessionStore()
    expect(session.status).toBe('unknown')
    await session.restore()
    expect(fake.requests.map((r) => r.path)).toEqual([LOGGED_USER_PATH, SESSION_INFO_PATH])
    expect(session.status).toBe('signed-in')
    expect(session.fullName).toBe('Demo Clerk')
    expect(session.roles).toEqual(CLERK.roles)
    expect(session.isSystemManager).toBe(false)
    expect(session.csrfToken).toBe(CLERK.csrf_token)
  })

  it('ignores the page’s CSRF token when talking to a separate backend', async () => {
    routeSession(true)
    window.csrf_token = 'this-servers-token'
    localStorage.setItem('invoice-scanner:backend-url', 'https://erp.example.com')
    const session = useSessionStore()
    await session.restore()
    expect(session.csrfToken).toBe(CLERK.csrf_token)
  })

  it('prefers the CSRF token the server injected into the page', async () => {
    routeSession(true)
    window.csrf_token = 'from-index-html'
    const session = useSessionStore()
    await session.restore()
    expect(session.csrfToken).toBe('from-index-html')
  })

  it('finds a Guest signed out without asking for session info or showing a notice', async () => {
    routeSession(false)
    const session = useSessionStore()
    await session.restore()
    expect(session.status).toBe('signed-out')
    expect(session.user).toBeNull()
    expect(fake.sentTo(SESSION_INFO_PATH)).toHaveLength(0)
    expect(useNoticesStore().notices).toEqual([])
  })

  it('treats a real Frappe’s 403 for a Guest as signed out too', async () => {
    fake.on('GET', LOGGED_USER_PATH, { status: 403, body: { exc_type: 'PermissionError' } })
    const session = useSessionStore()
    await session.restore()
    expect(session.status).toBe('signed-out')
    expect(useNoticesStore().notices).toEqual([])
  })

  it('signs out and says why when the server cannot be reached', async () => {
    fake.on('GET', LOGGED_USER_PATH, { fail: 'offline' })
    const session = useSessionStore()
    await session.restore()
    expect(session.status).toBe('signed-out')
    expect(useNoticesStore().notices).toEqual([
      {
        id: 'session-restore',
        kind: 'error',
        text: 'Could not check who is signed in. Could not reach the server. Check the connection and try again.',
      },
    ])
  })

  it('asks the server only once however often it is called, unless forced', async () => {
    routeSession(true)
    const session = useSessionStore()
    await Promise.all([session.restore(), session.restore()])
    await session.restore()
    expect(fake.sentTo(LOGGED_USER_PATH)).toHaveLength(1)
    await session.restore({ force: true })
    expect(fake.sentTo(LOGGED_USER_PATH)).toHaveLength(2)
  })

  it('recognises a System Manager', async () => {
    routeFrappeSession(fake, { signedIn: true, user: { ...CLERK, name: 'Administrator', roles: ['System Manager'] } })
    const session = useSessionStore()
    await session.restore()
    expect(session.isSystemManager).toBe(true)
  })
})

describe('starting without a network', () => {
  /** A new page load (fresh stores) while the server cannot be reached. */
  async function restoreOffline() {
    disposePinia(pinia)
    pinia = createPinia()
    setActivePinia(pinia)
    fake.on('GET', LOGGED_USER_PATH, { fail: 'offline' })
    const session = useSessionStore()
    await session.restore()
    return session
  }

  it('carries on as the last user the server confirmed, sends nothing, and checks again when the network is back', async () => {
    routeSession(true)
    await useSessionStore().restore()

    const session = await restoreOffline()
    expect(session.status).toBe('signed-in')
    expect(session.offline).toBe(true)
    expect(session.fullName).toBe('Demo Clerk')
    expect(session.roles).toEqual(CLERK.roles)
    expect(session.csrfToken).toBe('')
    expect(useNoticesStore().notices).toEqual([
      {
        id: 'session-restore',
        kind: 'warning',
        text: 'Offline: you can keep scanning and typing; nothing is sent until the network is back and your sign-in is checked.',
      },
    ])

    routeSession(true)
    window.dispatchEvent(new Event('online'))
    await vi.waitFor(() => expect(session.offline).toBe(false))
    expect(session.status).toBe('signed-in')
    expect(session.csrfToken).toBe(CLERK.csrf_token)
    expect(useNoticesStore().notices).toEqual([])
  })

  it('asks again by itself, for a server that comes back without an online event', async () => {
    routeSession(true)
    await useSessionStore().restore()
    vi.useFakeTimers()
    try {
      const session = await restoreOffline()
      await vi.advanceTimersByTimeAsync(2_000)
      expect(session.offline).toBe(true)
      expect(fake.sentTo(LOGGED_USER_PATH).length).toBeGreaterThanOrEqual(2)
      routeSession(true)
      await vi.advanceTimersByTimeAsync(30_000)
      expect(session.offline).toBe(false)
      expect(session.csrfToken).toBe(CLERK.csrf_token)
      const asked = fake.sentTo(LOGGED_USER_PATH).length
      await vi.advanceTimersByTimeAsync(120_000)
      expect(fake.sentTo(LOGGED_USER_PATH)).toHaveLength(asked)
    } finally {
      vi.useRealTimers()
    }
  })

  it('signs out for good when the server, back, says the session has ended', async () => {
    routeSession(true)
    await useSessionStore().restore()
    const session = await restoreOffline()
    routeSession(false)
    window.dispatchEvent(new Event('online'))
    await vi.waitFor(() => expect(session.status).toBe('signed-out'))
    expect((await restoreOffline()).status).toBe('signed-out')
  })

  it('does not carry on as a user who signed out on this device', async () => {
    routeSession(true)
    await useSessionStore().restore()
    await useSessionStore().signOut()
    const session = await restoreOffline()
    expect(session.status).toBe('signed-out')
    expect(session.user).toBeNull()
  })

  it('treats a proxy answering for a stopped backend (502, 503, 504) like no network', async () => {
    routeSession(true)
    await useSessionStore().restore()
    for (const status of [502, 503, 504]) {
      disposePinia(pinia)
      pinia = createPinia()
      setActivePinia(pinia)
      fake.on('GET', LOGGED_USER_PATH, { status, body: '<html>Bad Gateway</html>' })
      const session = useSessionStore()
      await session.restore()
      expect([status, session.status, session.offline]).toEqual([status, 'signed-in', true])
    }
  })

  it('signs out on a server error but keeps the last user for a later offline start', async () => {
    routeSession(true)
    await useSessionStore().restore()
    disposePinia(pinia)
    pinia = createPinia()
    setActivePinia(pinia)
    fake.on('GET', LOGGED_USER_PATH, { status: 500, body: { exc_type: 'Exception' } })
    const session = useSessionStore()
    await session.restore()
    expect(session.status).toBe('signed-out')
    expect(session.offline).toBe(false)
    expect((await restoreOffline()).offline).toBe(true)
  })
})

describe('signIn and signOut', () => {
  it('signs in, then fetches the session’s new CSRF token and sends it on writes', async () => {
    routeSession(false)
    window.csrf_token = 'stale-guest-token'
    const session = useSessionStore()
    await session.restore()
    await session.signIn('  clerk@example.com ', CLERK_PASSWORD)
    expect(session.status).toBe('signed-in')
    expect(session.fullName).toBe('Demo Clerk')
    expect(session.csrfToken).toBe(CLERK.csrf_token)
    await forceCleanup()
    expect(fake.sentTo(CLEANUP_PATH)[0]?.header('X-Frappe-CSRF-Token')).toBe(CLERK.csrf_token)
  })

  it('rejects wrong credentials with the server’s message and stays signed out', async () => {
    routeSession(false)
    const session = useSessionStore()
    await session.restore()
    await expect(session.signIn('clerk@example.com', 'wrong')).rejects.toMatchObject({ messages: ['Invalid login credentials'] })
    expect(session.status).toBe('signed-out')
    expect(session.user).toBeNull()
  })

  it('clears a restore-failure notice once signed in', async () => {
    fake.on('GET', LOGGED_USER_PATH, { fail: 'offline' })
    const session = useSessionStore()
    await session.restore()
    routeSession(false)
    await session.signIn(CLERK.name, CLERK_PASSWORD)
    expect(useNoticesStore().notices).toEqual([])
  })

  it('signs out on the server, forgets the user and stops sending the old CSRF token', async () => {
    const server = routeSession(true)
    window.csrf_token = 'from-index-html'
    const session = useSessionStore()
    await session.restore()
    await session.signOut()
    expect(server.isSignedIn()).toBe(false)
    expect(session.status).toBe('signed-out')
    expect(session.user).toBeNull()
    await forceCleanup()
    expect(fake.sentTo(CLEANUP_PATH)[0]?.header('X-Frappe-CSRF-Token')).toBeUndefined()
  })

  it('stays signed in when the sign-out cannot reach the server', async () => {
    routeSession(true)
    const session = useSessionStore()
    await session.restore()
    fake.on('GET', '/api/method/logout', { fail: 'offline' })
    await expect(session.signOut()).rejects.toMatchObject({ excType: 'NetworkError' })
    expect(session.status).toBe('signed-in')
  })
})

describe('a session that ends under the user', () => {
  it('signs out with a notice when a call answers 401 while signed in', async () => {
    routeSession(true)
    const session = useSessionStore()
    await session.restore()
    fake.on('POST', CLEANUP_PATH, { status: 401, body: { exc_type: 'AuthenticationError' } })
    await expect(forceCleanup()).rejects.toMatchObject({ httpStatus: 401 })
    expect(session.status).toBe('signed-out')
    expect(useNoticesStore().notices).toEqual([
      { id: 'session-expired', kind: 'warning', text: 'Your session has ended. Sign in again to continue.' },
    ])
  })

  it('does not treat a wrong password as an ended session', async () => {
    routeSession(false)
    const session = useSessionStore()
    await session.restore()
    await expect(session.signIn(CLERK.name, 'wrong')).rejects.toMatchObject({ httpStatus: 401 })
    expect(useNoticesStore().notices).toEqual([])
  })

  it('is not ended by Settings testing another key that the server refuses', async () => {
    routeSession(true)
    fake.on('GET', '/api/method/ping', { status: 200, body: { message: 'pong' } })
    const session = useSessionStore()
    await session.restore()
    // As Frappe does: a token in the Authorization header is checked before (and instead of) the cookie.
    fake.on('GET', LOGGED_USER_PATH, (request) =>
      request.header('Authorization')
        ? { status: 401, body: { exc_type: 'AuthenticationError' } }
        : { status: 200, body: { message: CLERK.name } },
    )
    const result = await useSettingsStore().testConnection({ backendUrl: '', apiKey: 'someone', apiSecret: 'wrong' })
    expect(result.ok).toBe(false)
    expect(session.status).toBe('signed-in')
  })

  /** Answers get_logged_user with `reply`; the returned mock counts the questions. */
  function answerWhoIsSignedIn(reply: FakeReply) {
    const asked = vi.fn()
    fake.on('GET', LOGGED_USER_PATH, () => {
      asked()
      return reply
    })
    return asked
  }

  // Frappe v15's answer to a Guest (frappe/__init__.py `is_whitelisted`), as tests/fixtures/frappe records it.
  const GUEST_403 = { status: 403, body: { exc_type: 'PermissionError', exception: 'frappe.exceptions.PermissionError: Login to access' } }

  it('confirmSignedIn: a Guest answer (403, no session_expired) ends the session with the notice', async () => {
    routeSession(true)
    const session = useSessionStore()
    await session.restore()
    fake.on('GET', LOGGED_USER_PATH, GUEST_403)
    await expect(session.confirmSignedIn()).resolves.toBe(false)
    expect(session.status).toBe('signed-out')
    expect(useNoticesStore().notices).toEqual([
      { id: 'session-expired', kind: 'warning', text: 'Your session has ended. Sign in again to continue.' },
    ])
  })

  it('confirmSignedIn: the user the server still knows stays signed in', async () => {
    routeSession(true)
    const session = useSessionStore()
    await session.restore()
    await expect(session.confirmSignedIn()).resolves.toBe(true)
    expect(session.status).toBe('signed-in')
    expect(useNoticesStore().notices).toEqual([])
  })

  it('confirmSignedIn: no answer is not a yes, but does not sign out either', async () => {
    routeSession(true)
    const session = useSessionStore()
    await session.restore()
    fake.on('GET', LOGGED_USER_PATH, { fail: 'offline' })
    await expect(session.confirmSignedIn()).resolves.toBe(false)
    expect(session.status).toBe('signed-in')
  })

  it('stays signed in after a 403 refusing what this user may not do (the server still knows the user)', async () => {
    routeSession(true)
    const session = useSessionStore()
    await session.restore()
    const asked = answerWhoIsSignedIn({ status: 200, body: { message: CLERK.name } })
    fake.on('POST', CLEANUP_PATH, { status: 403, body: { exc_type: 'PermissionError' } })
    await expect(forceCleanup()).rejects.toMatchObject({ httpStatus: 403 })
    await vi.waitFor(() => expect(asked).toHaveBeenCalledTimes(1))
    expect(session.status).toBe('signed-in')
    expect(useNoticesStore().notices).toEqual([])
  })

  it('signs out with the notice when any call answers a Guest’s 403 (a bench whose session cookie is gone)', async () => {
    routeSession(true)
    const session = useSessionStore()
    await session.restore()
    const asked = answerWhoIsSignedIn(GUEST_403)
    fake.on('POST', CLEANUP_PATH, GUEST_403)
    await expect(forceCleanup()).rejects.toMatchObject({ httpStatus: 403 })
    await vi.waitFor(() => expect(session.status).toBe('signed-out'))
    // One check, though its own answer was a 403 too.
    expect(asked).toHaveBeenCalledTimes(1)
    expect(useNoticesStore().notices).toEqual([
      { id: 'session-expired', kind: 'warning', text: 'Your session has ended. Sign in again to continue.' },
    ])
  })

  it('ignores other 4xx answers', async () => {
    routeSession(true)
    const session = useSessionStore()
    await session.restore()
    fake.on('POST', CLEANUP_PATH, { status: 417, body: { exc_type: 'ValidationError' } })
    await expect(forceCleanup()).rejects.toMatchObject({ httpStatus: 417 })
    expect(session.status).toBe('signed-in')
  })
})

describe('pickCsrfToken', () => {
  it('takes the page’s token when present and non-empty, else the session’s', () => {
    expect(pickCsrfToken('page', 'session')).toBe('page')
    expect(pickCsrfToken('', 'session')).toBe('session')
    expect(pickCsrfToken(undefined, 'session')).toBe('session')
    expect(pickCsrfToken('None', 'session')).toBe('session')
  })
})
