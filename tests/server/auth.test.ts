import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser } from '../../server/src/domain/users'
import { ADMIN, CLERK, METHOD, TestClient, messageText, serverMessages } from './support/client'
import { startTestServer, type TestServer } from './support/server'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => {
  await server?.stop()
})

function withSid(sid: string): TestClient {
  const client = new TestClient(server.url)
  client.cookies.set('sid', sid)
  return client
}

describe('ping and login', () => {
  it('answers ping to a guest', async () => {
    const answer = await new TestClient(server.url).get('/api/method/ping')
    expect(answer).toMatchObject({ status: 200, body: { message: 'pong' } })
  })

  it('signs the clerk in with JSON and sets sid (HttpOnly, SameSite=Lax) plus user_id and full_name', async () => {
    const client = new TestClient(server.url)
    const answer = await client.post('/api/method/login', { usr: CLERK.usr, pwd: CLERK.pwd })
    expect(answer.status).toBe(200)
    expect(answer.body).toEqual({ message: 'Logged In', full_name: 'Demo Clerk', home_page: '/' })
    const cookies = answer.headers.getSetCookie()
    const sid = cookies.find((c) => c.startsWith('sid='))
    expect(sid).toMatch(/HttpOnly/i)
    expect(sid).toMatch(/SameSite=Lax/i)
    expect(sid).toMatch(/Path=\//)
    const userId = cookies.find((c) => c.startsWith('user_id='))
    expect(userId).toBe(userId && userId.replace(/; HttpOnly/i, ''))
    expect(decodeURIComponent(client.cookies.get('user_id') ?? '')).toBe('clerk@example.com')
    expect(decodeURIComponent(client.cookies.get('full_name') ?? '')).toBe('Demo Clerk')
  })

  it('signs Administrator in with a form body', async () => {
    const client = new TestClient(server.url)
    const answer = await client.post('/api/method/login', new URLSearchParams({ usr: ADMIN.usr, pwd: ADMIN.pwd }))
    expect(answer).toMatchObject({ status: 200, body: { message: 'Logged In', full_name: 'Administrator' } })
  })

  it('refuses a wrong password with 401 AuthenticationError and Frappe’s wording, and sets no session', async () => {
    const client = new TestClient(server.url)
    const answer = await client.post('/api/method/login', { usr: CLERK.usr, pwd: 'wrong' })
    expect(answer.status).toBe(401)
    expect(answer.body).toMatchObject({ exc_type: 'AuthenticationError' })
    expect(serverMessages(answer.body)).toEqual([expect.objectContaining({ message: 'Invalid login credentials', indicator: 'red' })])
    expect(client.cookies.has('sid')).toBe(false)
  })

  it('gives an unknown user the same answer as a wrong password', async () => {
    const answer = await new TestClient(server.url).post('/api/method/login', { usr: 'nobody@example.com', pwd: 'x' })
    expect(answer.status).toBe(401)
    expect(messageText(answer.body)).toBe('Invalid login credentials')
    expect(answer.body).toMatchObject({ message: 'Invalid login credentials', exc_type: 'AuthenticationError' })
  })

  it('answers 401 "Incomplete login details" when usr or pwd is missing, as frappe/auth.py does, and refuses non-strings', async () => {
    const client = new TestClient(server.url)
    const missing = await client.post('/api/method/login', { usr: CLERK.usr })
    expect(missing.status).toBe(401)
    expect(missing.body).toMatchObject({
      exc_type: 'AuthenticationError',
      message: 'Incomplete login details',
      exception: 'frappe.exceptions.AuthenticationError: Incomplete login details',
    })
    const wrongType = await client.post('/api/method/login', { usr: CLERK.usr, pwd: ['clerk'] })
    expect(wrongType.status).toBe(417)
    expect(wrongType.body).toMatchObject({ exc_type: 'ValidationError' })
  })

  it('answers login over GET with 403, as Frappe does for a POST-only method', async () => {
    const answer = await new TestClient(server.url).get('/api/method/login?usr=clerk@example.com&pwd=clerk')
    expect(answer.status).toBe(403)
    expect(answer.body).toMatchObject({ exc_type: 'PermissionError' })
  })
})

describe('a session', () => {
  it('names the signed-in user and answers get_session_info with roles and the CSRF token', async () => {
    const client = new TestClient(server.url)
    await client.login(CLERK)
    expect((await client.get('/api/method/frappe.auth.get_logged_user')).body).toEqual({ message: 'clerk@example.com' })
    const info = await client.get<{ message: Record<string, unknown> }>(`${METHOD}.get_session_info`)
    expect(info.body.message).toEqual({
      name: 'clerk@example.com',
      full_name: 'Demo Clerk',
      roles: ['Accounts User'],
      csrf_token: expect.stringMatching(/^[0-9a-f]{48}$/),
    })
  })

  it('gives Administrator System Manager and Accounts User', async () => {
    const client = new TestClient(server.url)
    await client.login(ADMIN)
    const info = await client.get<{ message: { roles: string[] } }>(`${METHOD}.get_session_info`)
    expect(info.body.message.roles.sort()).toEqual(['Accounts User', 'System Manager'])
  })

  // As Frappe v15: frappe/__init__.py `is_whitelisted` refuses a Guest with PermissionError (403), and
  // `session_expired` is set only for a sid that named no live session (frappe/sessions.py `get_session_record`).
  it('refuses a guest (no cookie) everything but ping and login with 403 PermissionError, without session_expired', async () => {
    const guest = new TestClient(server.url)
    for (const path of ['/api/method/frappe.auth.get_logged_user', `${METHOD}.get_session_info`, `${METHOD}.get_memory_config`]) {
      const answer = await guest.get(path)
      expect(answer.status, path).toBe(403)
      expect(answer.body, path).toMatchObject({ exc_type: 'PermissionError' })
      expect(answer.body, path).not.toHaveProperty('session_expired')
      expect(messageText(answer.body)).toMatch(/not permitted to access this resource/)
    }
  })

  it('answers a made-up sid as Frappe v15 answers an expired session: 403 with session_expired, sid cleared', async () => {
    const client = new TestClient(server.url)
    client.cookies.set('sid', 'f'.repeat(48))
    const answer = await client.get('/api/method/frappe.auth.get_logged_user')
    expect(answer.status).toBe(403)
    expect(answer.body).toMatchObject({ exc_type: 'PermissionError', session_expired: 1 })
    expect(client.cookies.has('sid')).toBe(false)
  })

  it('answers a session past its expiry with 403 session_expired on methods, resources and writes; signing in again works', async () => {
    const client = new TestClient(server.url)
    await client.login(CLERK)
    const sid = client.cookies.get('sid') ?? ''
    server.app.scanner.db.prepare('UPDATE session SET expires_at = ? WHERE sid = ?').run(new Date(Date.now() - 1000).toISOString(), sid)
    for (const send of [
      () => withSid(sid).get(`${METHOD}.get_memory_config`),
      () => withSid(sid).get('/api/resource/Supplier'),
      () => withSid(sid).post(`${METHOD}.create_purchase_invoice`, {}, { csrf: false }),
    ]) {
      const answer = await send()
      expect(answer.status).toBe(403)
      expect(answer.body).toMatchObject({ exc_type: 'PermissionError', session_expired: 1 })
      expect(messageText(answer.body)).toMatch(/session has expired/i)
    }
    const again = withSid(sid)
    expect((await again.login(CLERK)).status).toBe(200)
    expect((await again.get('/api/method/frappe.auth.get_logged_user')).body).toEqual({ message: 'clerk@example.com' })
  })

  it('logs out: the sid stops working even if a copy of it is replayed', async () => {
    const client = new TestClient(server.url)
    await client.login(CLERK)
    const stolenSid = client.cookies.get('sid') ?? ''
    const logout = await client.get('/api/method/logout')
    expect(logout.status).toBe(200)
    expect(logout.body).toEqual({})
    expect(client.cookies.has('sid')).toBe(false)
    // No sid left: a Guest, 403 without session_expired (frappe/__init__.py `is_whitelisted`).
    const afterLogout = await client.get('/api/method/frappe.auth.get_logged_user')
    expect(afterLogout.status).toBe(403)
    expect(afterLogout.body).not.toHaveProperty('session_expired')
    const replay = new TestClient(server.url)
    replay.cookies.set('sid', stolenSid)
    expect((await replay.get('/api/method/frappe.auth.get_logged_user')).status).toBe(403)
  })

  it('keeps the session across a restart (sessions live in SQLite)', async () => {
    const client = new TestClient(server.url)
    await client.login(CLERK)
    await server.restart()
    client.baseUrl = server.url
    expect((await client.get('/api/method/frappe.auth.get_logged_user')).body).toEqual({ message: 'clerk@example.com' })
  })
})

describe('CSRF on cookie-authenticated writes', () => {
  it('refuses a POST without the token with 400 CSRFTokenError, and one with a wrong token', async () => {
    const client = new TestClient(server.url)
    await client.login(ADMIN)
    const none = await client.post(`${METHOD}.force_cleanup`, {}, { csrf: false })
    expect(none.status).toBe(400)
    expect(none.body).toMatchObject({ exc_type: 'CSRFTokenError' })
    const wrong = await client.post(`${METHOD}.force_cleanup`, {}, { csrf: false, headers: { 'x-frappe-csrf-token': 'nope' } })
    expect(wrong.status).toBe(400)
    const right = await client.post(`${METHOD}.force_cleanup`, {})
    expect(right.status).toBe(200)
  })

  it('does not let one session’s token stand in for another’s', async () => {
    const a = new TestClient(server.url)
    const b = new TestClient(server.url)
    await a.login(ADMIN)
    await b.login(ADMIN)
    b.csrfToken = a.csrfToken
    expect((await b.post(`${METHOD}.force_cleanup`, {})).status).toBe(400)
  })
})

describe('password guessing', () => {
  it('locks a user name after 10 wrong passwords, refusing even the right one with 429 and Retry-After', async () => {
    await createUser(server.app.scanner.db, {
      name: 'target@example.com',
      full_name: 'Target',
      password: 'right',
      roles: ['Accounts User'],
    })
    const attacker = new TestClient(server.url)
    for (let i = 0; i < 10; i++)
      expect((await attacker.post('/api/method/login', { usr: 'target@example.com', pwd: `guess${i}` })).status).toBe(401)
    const locked = await new TestClient(server.url).post('/api/method/login', { usr: 'target@example.com', pwd: 'right' })
    expect(locked.status).toBe(429)
    expect(locked.body).toMatchObject({ exc_type: 'AuthenticationError' })
    expect(messageText(locked.body)).toMatch(/Too many failed sign-ins: this account is locked, try again in \d+ seconds/)
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0)
    // Other users are not affected.
    expect((await new TestClient(server.url).login(CLERK)).status).toBe(200)
  })
  // The throttle's own rules, and sign-in under concurrency, are in loginLimits.test.ts.
})
