import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../server/src/db/database'
import { LOGIN_LIMITS, LoginThrottle } from '../../server/src/domain/loginThrottle'
import { createUser } from '../../server/src/domain/users'
import { CLERK, METHOD, TestClient, type Answer } from './support/client'
import { createBody } from './support/invoices'
import { useTestServers } from './support/server'

// Issue 12 items 1 and 2: sign-in under attack.
const startServer = useTestServers()
const TARGET = { usr: 'target@example.com', pwd: 'the-right-one' }
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64')

const login = (url: string, usr: string, pwd: string, headers: Record<string, string> = {}) =>
  new TestClient(url).post('/api/method/login', { usr, pwd }, { headers })
const countBy = (answers: Answer[]) =>
  answers.reduce<Record<number, number>>((counts, a) => ({ ...counts, [a.status]: (counts[a.status] ?? 0) + 1 }), {})

describe('the lockout under concurrency (item 1)', { timeout: 60_000 }, () => {
  it('checks at most the limit of 200 parallel wrong guesses, and then refuses the right password', async () => {
    const server = await startServer()
    await createUser(server.app.scanner.db, { name: TARGET.usr, full_name: 'Target', password: TARGET.pwd, roles: ['Accounts User'] })
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => login(server.url, TARGET.usr, `guess-${i}`)))
    const counts = countBy(answers)
    expect(counts[401]).toBe(LOGIN_LIMITS.user.maxFailures)
    expect(counts[429]).toBe(200 - LOGIN_LIMITS.user.maxFailures)
    const right = await login(server.url, TARGET.usr, TARGET.pwd)
    expect(right.status).toBe(429)
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  it('keeps a lockout across a restart (kept in SQLite)', async () => {
    const server = await startServer()
    await createUser(server.app.scanner.db, { name: TARGET.usr, full_name: 'Target', password: TARGET.pwd, roles: ['Accounts User'] })
    for (let i = 0; i < LOGIN_LIMITS.user.maxFailures; i++) expect((await login(server.url, TARGET.usr, `guess-${i}`)).status).toBe(401)
    await server.restart()
    expect((await login(server.url, TARGET.usr, TARGET.pwd)).status).toBe(429)
    expect((await new TestClient(server.url).login(CLERK)).status).toBe(200)
  })
})

describe('the limit per client address (item 2)', { timeout: 60_000 }, () => {
  it('checks at most the address limit of 300 parallel sign-ins to made-up names', async () => {
    const server = await startServer()
    const answers = await Promise.all(Array.from({ length: 300 }, (_, i) => login(server.url, `made-up-${i}@example.com`, 'x')))
    const counts = countBy(answers)
    expect(counts[401]).toBeLessThanOrEqual(LOGIN_LIMITS.address.maxFailures)
    expect((counts[401] ?? 0) + (counts[429] ?? 0)).toBe(300)
    const refused = answers.find((a) => a.status === 429)
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0)
    // The address is locked, even for a real user: sign in from elsewhere, or wait.
    expect((await login(server.url, CLERK.usr, CLERK.pwd)).status).toBe(429)
  })

  it('ignores X-Forwarded-For unless the proxy is trusted', async () => {
    const server = await startServer({ trustProxy: false })
    const answers: Answer[] = []
    for (let i = 0; i <= LOGIN_LIMITS.address.maxFailures; i++) {
      answers.push(await login(server.url, `nobody-${i}@example.com`, 'x', { 'x-forwarded-for': `203.0.113.${i}` }))
    }
    expect(answers.at(-1)?.status).toBe(429)
  })

  it('counts each forwarded address on its own behind a trusted proxy, a success does not count', async () => {
    const server = await startServer({ trustProxy: true })
    for (let i = 0; i < LOGIN_LIMITS.address.maxFailures - 1; i++) {
      expect((await login(server.url, `nobody-${i}@example.com`, 'x', { 'x-forwarded-for': '203.0.113.7' })).status).toBe(401)
    }
    for (let i = 0; i < 5; i++)
      expect((await login(server.url, CLERK.usr, CLERK.pwd, { 'x-forwarded-for': '203.0.113.7' })).status).toBe(200)
    expect((await login(server.url, 'nobody@example.com', 'x', { 'x-forwarded-for': '203.0.113.7' })).status).toBe(401)
    expect((await login(server.url, CLERK.usr, CLERK.pwd, { 'x-forwarded-for': '203.0.113.7' })).status).toBe(429)
    expect((await login(server.url, CLERK.usr, CLERK.pwd, { 'x-forwarded-for': '198.51.100.1' })).status).toBe(200)
  })

  it('takes the address nginx appended, not one the client put in front of it', async () => {
    const server = await startServer({ trustProxy: true })
    const answers: Answer[] = []
    // nginx's $proxy_add_x_forwarded_for keeps what the client sent and appends the address it saw.
    for (let i = 0; i <= LOGIN_LIMITS.address.maxFailures; i++) {
      answers.push(await login(server.url, `nobody-${i}@example.com`, 'x', { 'x-forwarded-for': `203.0.113.${i}, 198.51.100.9` }))
    }
    expect(answers.at(-1)?.status).toBe(429)
  })

  it('bounds the hashes in flight with 429 + Retry-After, and keeps serving files meanwhile', async () => {
    const server = await startServer({ trustProxy: true })
    const clerk = new TestClient(server.url)
    await clerk.login(CLERK)
    const invoice = (await clerk.post<{ message: { name: string } }>(`${METHOD}.create_purchase_invoice`, createBody())).body.message.name
    const data = new FormData()
    data.append('doctype', 'Purchase Invoice')
    data.append('docname', invoice)
    data.append('file', new Blob([PNG]), 'r.png')
    const fileUrl = (await clerk.post<{ message: { file_url: string } }>('/api/method/upload_file', data)).body.message.file_url

    // Every guess from its own address and for its own name: only the bound on hashing (2 running, 32
    // waiting) can refuse them.
    const flood = Promise.all(
      Array.from({ length: 150 }, (_, i) =>
        login(server.url, `flood-${i}@example.com`, 'x', { 'x-forwarded-for': `10.0.${i >> 8}.${i & 255}` }),
      ),
    )
    const file = await clerk.get(fileUrl)
    const counts = countBy(await flood)
    expect(file.status).toBe(200)
    expect(counts[429]).toBeGreaterThan(0)
    expect((counts[401] ?? 0) + (counts[429] ?? 0)).toBe(150)
  }, 90_000)
})

describe('LoginThrottle', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })
  function throttleAt(clock: { now: number }) {
    const dir = mkdtempSync(join(tmpdir(), 'scanner-throttle-test-'))
    dirs.push(dir)
    const db = openDatabase(dir)
    const limits = { user: { maxFailures: 3, lockSeconds: 60 }, address: { maxFailures: 10_000, lockSeconds: 60 } }
    return { db, throttle: new LoginThrottle(db, limits, () => clock.now) }
  }
  const fail = (throttle: LoginThrottle, user: string) => {
    const attempt = throttle.reserve(user, '127.0.0.1')
    if (attempt.ok) throttle.settle(attempt.ticket, false)
    return attempt.ok
  }

  it('unlocks after the lock time and forgets failures after a success', () => {
    const clock = { now: 0 }
    const { db, throttle } = throttleAt(clock)
    fail(throttle, 'a')
    fail(throttle, 'a')
    const good = throttle.reserve('a', '127.0.0.1')
    if (good.ok) throttle.settle(good.ticket, true)
    fail(throttle, 'a')
    fail(throttle, 'a')
    expect(throttle.reserve('a', '127.0.0.1').ok).toBe(true)
    const locked = throttle.reserve('A', '127.0.0.1')
    expect(locked).toMatchObject({ ok: false, retryAfter: 60, scope: 'user' })
    clock.now = 59_500
    expect(throttle.reserve('a', '127.0.0.1')).toMatchObject({ ok: false, retryAfter: 1 })
    clock.now = 60_000
    expect(throttle.reserve('a', '127.0.0.1').ok).toBe(true)
    db.close()
  })

  it('a reservation given back (never hashed) does not count', () => {
    const clock = { now: 0 }
    const { db, throttle } = throttleAt(clock)
    for (let i = 0; i < 10; i++) {
      const attempt = throttle.reserve('a', '127.0.0.1')
      expect(attempt.ok).toBe(true)
      if (attempt.ok) throttle.release(attempt.ticket)
    }
    db.close()
  })

  it('lets failures go stale after the lock time, so guesses at made-up names are pruned', () => {
    const clock = { now: 0 }
    const { db, throttle } = throttleAt(clock)
    for (let i = 0; i < 1000; i++) fail(throttle, `nobody-${i}@example.com`)
    fail(throttle, 'clerk@example.com')
    fail(throttle, 'clerk@example.com')
    clock.now = 30_000
    throttle.prune()
    expect(throttle.size).toBe(1002) // 1001 names and one address
    clock.now = 60_000
    // Two failures a minute ago and one now are not three in a row: no lock.
    fail(throttle, 'clerk@example.com')
    expect(throttle.reserve('clerk@example.com', '127.0.0.1').ok).toBe(true)
    throttle.prune()
    expect(throttle.size).toBe(2)
    db.close()
  })
})
