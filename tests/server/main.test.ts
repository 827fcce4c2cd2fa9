import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { METHOD, TestClient, messageText } from './support/client'
import { createBody } from './support/invoices'
import { REPO_ROOT } from './support/server'

interface Started {
  url: string
  output: () => string
  stop: () => Promise<number | null>
}

/** Runs `server/src/main.ts` as `npm start` does and waits for its listening line. */
function startMain(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'server/src/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /^Invoice Scanner listening on (http:\/\/\S+)$/m.exec(output)
      if (match?.[1]) {
        const url = match[1]
        resolve({
          url,
          output: () => output,
          stop: () =>
            new Promise((done) => {
              child.once('exit', (code) => done(code))
              child.kill('SIGTERM')
            }),
        })
      }
    })
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)))
  })
}

function runMain(env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  })
}

function issueKey(dataDir: string, user: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'server/src/cli/issueApiKey.ts', user], {
    cwd: REPO_ROOT,
    env: { ...process.env, SCANNER_DATA_DIR: dataDir },
    encoding: 'utf8',
    timeout: 20_000,
  })
}

let dataDir: string
let server: Started
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'scanner-main-test-'))
  server = await startMain({ SCANNER_DATA_DIR: dataDir, SCANNER_ADMIN_PASSWORD: 's3cret-admin' })
})
afterAll(async () => {
  await server?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('main.ts', () => {
  it('prints exactly one listening line and how to sign in', () => {
    const lines = server.output().split('\n')
    expect(lines.filter((l) => l.startsWith('Invoice Scanner listening on '))).toEqual([`Invoice Scanner listening on ${server.url}`])
    expect(server.output()).toContain('Sign in as Administrator with password "s3cret-admin" (from SCANNER_ADMIN_PASSWORD)')
    expect(server.output()).toContain('Demo clerk: clerk@example.com / clerk')
  })

  it('prints no schema warnings at startup (ajv strict mode on the union types of list arguments)', () => {
    expect(server.output()).not.toMatch(/strict mode|allowUnionTypes/)
  })

  it('uses SCANNER_ADMIN_PASSWORD for Administrator', async () => {
    const admin = new TestClient(server.url)
    expect((await admin.login({ usr: 'Administrator', pwd: 'admin' })).status).toBe(401)
    expect((await admin.login({ usr: 'Administrator', pwd: 's3cret-admin' })).status).toBe(200)
  })

  it('refuses to start with a bad site_config.json, saying why', () => {
    const badDir = mkdtempSync(join(tmpdir(), 'scanner-main-bad-'))
    try {
      writeFileSync(join(badDir, 'site_config.json'), JSON.stringify({ memory_optimization: { batch_size: 'fifty' } }))
      const result = runMain({ SCANNER_DATA_DIR: badDir })
      expect(result.status).toBe(1)
      expect(result.stderr).toContain('Invoice Scanner cannot start:')
      expect(result.stderr).toContain('memory_optimization.batch_size must be a whole number from 1 to 500, got "fifty"')
    } finally {
      rmSync(badDir, { recursive: true, force: true })
    }
  })

  it('refuses a PORT that is not a port', () => {
    const result = runMain({ PORT: 'eighty', SCANNER_DATA_DIR: dataDir })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('PORT must be a whole number from 0 to 65535')
  })
})

describe('issueApiKey CLI and token auth', () => {
  it('issues api_key:api_secret that authenticates scripts without CSRF', async () => {
    const result = issueKey(dataDir, 'clerk@example.com')
    expect(result.status).toBe(0)
    const token = result.stdout.trim()
    expect(token).toMatch(/^[0-9a-f]{15}:[0-9a-f]{31}$/)

    const script = new TestClient(server.url)
    script.authorization = `token ${token}`
    expect((await script.get('/api/method/frappe.auth.get_logged_user')).body).toEqual({ message: 'clerk@example.com' })
    const info = await script.get<{ message: { csrf_token: string } }>(`${METHOD}.get_session_info`)
    expect(info.body.message.csrf_token).toBe('')
    const created = await script.post<{ message: { name: string } }>(`${METHOD}.create_purchase_invoice`, createBody())
    expect(created.status).toBe(200)
    expect(created.body.message.name).toMatch(/^ACC-PINV-/)
  })

  it('keeps the api_key but replaces the secret when issued again', async () => {
    const first = issueKey(dataDir, 'Administrator').stdout.trim()
    const second = issueKey(dataDir, 'Administrator').stdout.trim()
    expect(second.split(':')[0]).toBe(first.split(':')[0])
    const stale = new TestClient(server.url)
    stale.authorization = `token ${first}`
    const answer = await stale.get('/api/method/frappe.auth.get_logged_user')
    expect(answer.status).toBe(401)
    expect(messageText(answer.body)).toBe('Invalid API key or secret')
  })

  it('says so for an unknown user', () => {
    const result = issueKey(dataDir, 'nobody@example.com')
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('User nobody@example.com does not exist')
    expect(result.stdout).toBe('')
  })

  it('serves /metrics without sign-in on METRICS_PORT (127.0.0.1) while the main port still asks for it', async () => {
    const other = await startMain({ SCANNER_DATA_DIR: dataDir, METRICS_PORT: '0' })
    const match = /^Metrics \(no sign-in, this machine only\): (http:\/\/127\.0\.0\.1:\d+\/metrics)$/m.exec(other.output())
    expect(match?.[1]).toBeDefined()
    const metricsUrl = match?.[1] as string
    const scraped = await fetch(metricsUrl)
    expect(scraped.status).toBe(200)
    expect(await scraped.text()).toMatch(/^scanner_invoices_stored \d+$/m)
    expect((await new TestClient(other.url).get('/metrics')).status).toBe(403)
    expect(await other.stop()).toBe(0)
    await expect(fetch(metricsUrl)).rejects.toThrow()
  })

  it('says so when METRICS_PORT is taken, and exits', async () => {
    const taken = new URL(server.url).port
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
        cwd: REPO_ROOT,
        env: { ...process.env, PORT: '0', SCANNER_DATA_DIR: dataDir, METRICS_PORT: taken },
        stdio: ['ignore', 'ignore', 'pipe'],
      })
      let stderr = ''
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      child.once('exit', (code) => resolve({ code, stderr }))
    })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`Invoice Scanner cannot start: the metrics port ${taken} on 127.0.0.1: listen EADDRINUSE`)
  })

  it('refuses a METRICS_PORT that is not a port', () => {
    const result = runMain({ METRICS_PORT: '9100x', SCANNER_DATA_DIR: dataDir })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('METRICS_PORT must be a whole number from 0 to 65535')
  })

  it('shuts down cleanly on SIGTERM', async () => {
    const other = await startMain({ SCANNER_DATA_DIR: dataDir })
    expect(other.output()).toContain('Sign in as Administrator with the password set on first start.')
    expect(await other.stop()).toBe(0)
  })
})
