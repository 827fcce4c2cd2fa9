import { describe, expect, it } from 'vitest'
import { externalBackend, startServer, testUsers } from './server'

// BACKEND_URL points the e2e suite at a running backend (a bench with custom_erp, docs/frappe.md). No bench
// runs here, so this checks what the support makes of the environment; the suite itself has been run with
// BACKEND_URL naming an embedded server started by hand (see docs/frappe.md).

describe('without BACKEND_URL', () => {
  it('starts the embedded server and signs in as its seeded users', () => {
    expect(externalBackend({})).toBeNull()
    expect(externalBackend({ BACKEND_URL: '  ' })).toBeNull()
    expect(testUsers({ BACKEND_USER: 'someone@example.com' }).clerk).toEqual({
      usr: 'clerk@example.com',
      pwd: 'clerk',
      fullName: 'Demo Clerk',
    })
  })
})

describe('with BACKEND_URL', () => {
  it('takes the API from the origin and the pages from /scanner, as a bench serves them', () => {
    expect(externalBackend({ BACKEND_URL: 'http://localhost:8000/' })).toEqual({
      url: 'http://localhost:8000',
      appUrl: 'http://localhost:8000/scanner',
    })
  })

  it('takes another router base from BACKEND_APP_BASE, "/" meaning the origin itself', () => {
    expect(externalBackend({ BACKEND_URL: 'https://erp.example.com', BACKEND_APP_BASE: 'apps/scan/' })?.appUrl).toBe(
      'https://erp.example.com/apps/scan',
    )
    expect(externalBackend({ BACKEND_URL: 'http://127.0.0.1:3000', BACKEND_APP_BASE: '/' })?.appUrl).toBe('http://127.0.0.1:3000')
  })

  it('refuses a URL that is not http(s), naming it', () => {
    expect(() => externalBackend({ BACKEND_URL: 'ftp://bench' })).toThrow('BACKEND_URL must be an http(s) URL, got ftp://bench')
    expect(() => externalBackend({ BACKEND_URL: 'localhost:8000' })).toThrow(/BACKEND_URL must be an http\(s\) URL/)
  })

  it('signs in with the users the environment names', () => {
    const users = testUsers({
      BACKEND_URL: 'http://localhost:8000',
      BACKEND_USER: 'ap.clerk@example.com',
      BACKEND_PASSWORD: 's3cret',
      BACKEND_USER_FULL_NAME: 'AP Clerk',
      BACKEND_ADMIN_PASSWORD: 'bench-admin',
    })
    expect(users.clerk).toEqual({ usr: 'ap.clerk@example.com', pwd: 's3cret', fullName: 'AP Clerk' })
    expect(users.admin).toMatchObject({ usr: 'Administrator', pwd: 'bench-admin' })
  })

  it('starts nothing, and refuses a test that needs the embedded server’s own data dir, config or environment', async () => {
    const saved = { url: process.env.BACKEND_URL, base: process.env.BACKEND_APP_BASE }
    process.env.BACKEND_URL = 'http://bench.invalid:8000'
    delete process.env.BACKEND_APP_BASE
    try {
      const server = await startServer()
      expect(server).toMatchObject({ url: 'http://bench.invalid:8000', appUrl: 'http://bench.invalid:8000/scanner', dataDir: '' })
      expect(server.output()).toContain('not started by the tests')
      await expect(server.stop()).resolves.toBeUndefined()
      await expect(startServer({ siteConfig: { memory_optimization: { batch_size: 5 } } })).rejects.toThrow(
        'This test needs the embedded server (it sets siteConfig); run it without BACKEND_URL',
      )
      await expect(startServer({ dataDir: '/tmp/x', env: { A: '1' } })).rejects.toThrow('(it sets dataDir, env)')
    } finally {
      if (saved.url === undefined) delete process.env.BACKEND_URL
      else process.env.BACKEND_URL = saved.url
      if (saved.base !== undefined) process.env.BACKEND_APP_BASE = saved.base
    }
  })
})
