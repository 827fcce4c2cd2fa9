import { describe, expect, it } from 'vitest'
import { issueApiKey } from '../../server/src/domain/users'
import { startMetricsServer } from '../../server/src/metrics/metricsServer'
import { ADMIN, CLERK, METHOD, TestClient } from './support/client'
import { createBody, makeItems } from './support/invoices'
import { parseMetrics, sampleValue } from './support/metrics'
import { type TestServer, useTestServers } from './support/server'

const startServer = useTestServers()
const start = (siteConfig?: Record<string, unknown>) => startServer({ siteConfig })
async function signedIn(server: TestServer, user: { usr: string; pwd: string }) {
  const client = new TestClient(server.url)
  expect((await client.login(user)).status).toBe(200)
  return client
}
async function scrape(client: TestClient) {
  const answer = await client.get<string>('/metrics')
  expect(answer.status).toBe(200)
  return parseMetrics(answer.body)
}
const CREATE = `${METHOD}.create_purchase_invoice`

describe('GET /metrics access', () => {
  // A guest gets Frappe v15's answer to a Guest (frappe/__init__.py `is_whitelisted`): 403 PermissionError.
  it('answers a guest and the clerk 403, Frappe-style, and a System Manager the Prometheus text', async () => {
    const server = await start()
    const guest = await new TestClient(server.url).get('/metrics')
    expect(guest.status).toBe(403)
    expect(guest.body).toMatchObject({ exc_type: 'PermissionError' })

    const clerk = await signedIn(server, CLERK)
    const refused = await clerk.get('/metrics')
    expect(refused.status).toBe(403)
    expect(refused.body).toMatchObject({ exc_type: 'PermissionError' })

    const admin = await signedIn(server, ADMIN)
    const answer = await admin.get<string>('/metrics')
    expect(answer.status).toBe(200)
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    expect(answer.headers.get('cache-control')).toBe('no-store')
    expect(answer.body).toContain('# HELP scanner_invoices_stored Purchase Invoices in the database.')
  })

  it('takes a System Manager API token, and refuses the clerk’s token and a wrong one', async () => {
    const server = await start()
    const asToken = (user: string) => {
      const { api_key, api_secret } = issueApiKey(server.app.scanner.db, user)
      const client = new TestClient(server.url)
      client.authorization = `token ${api_key}:${api_secret}`
      return client
    }
    expect((await asToken(ADMIN.usr).get('/metrics')).status).toBe(200)
    expect((await asToken(CLERK.usr).get('/metrics')).status).toBe(403)
    const wrong = new TestClient(server.url)
    wrong.authorization = 'token abc:def'
    expect((await wrong.get('/metrics')).status).toBe(401)
  })
})

describe('what /metrics reports', () => {
  it('counts invoices and lines stored, requests and their latency by Frappe method, and the process', async () => {
    const server = await start()
    const clerk = await signedIn(server, CLERK)
    const admin = await signedIn(server, ADMIN)
    const before = await scrape(admin)
    expect(sampleValue(before, 'scanner_invoices_stored')).toBe(0)
    expect(sampleValue(before, 'scanner_invoice_lines_stored')).toBe(0)

    for (const count of [3, 5]) {
      const answer = await clerk.post(CREATE, createBody({ expected_items: count, items: makeItems(count) }))
      expect(answer.status).toBe(200)
    }
    expect((await clerk.post(CREATE, { supplier: 'Aldi Süd' })).status).toBe(417)
    await clerk.get('/api/resource/Purchase Invoice')

    const after = await scrape(admin)
    expect(sampleValue(after, 'scanner_invoices_stored')).toBe(2)
    expect(sampleValue(after, 'scanner_invoice_lines_stored')).toBe(8)
    expect(sampleValue(after, 'scanner_http_requests_total', { endpoint: CREATE.slice(12), verb: 'POST', status: '200' })).toBe(2)
    expect(sampleValue(after, 'scanner_http_requests_total', { endpoint: CREATE.slice(12), verb: 'POST', status: '417' })).toBe(1)
    expect(sampleValue(after, 'scanner_http_requests_total', { endpoint: 'resource:Purchase Invoice', verb: 'GET', status: '200' })).toBe(1)
    expect(sampleValue(after, 'scanner_http_request_duration_seconds_count', { endpoint: CREATE.slice(12), verb: 'POST' })).toBe(3)
    expect(
      sampleValue(after, 'scanner_http_request_duration_seconds_bucket', { endpoint: CREATE.slice(12), verb: 'POST', le: '+Inf' }),
    ).toBe(3)
    // The first scrape itself was answered before the second one read the counters.
    expect(sampleValue(after, 'scanner_http_requests_total', { endpoint: '/metrics', verb: 'GET', status: '200' })).toBe(1)

    expect(sampleValue(after, 'process_resident_memory_bytes')).toBeGreaterThan(10 * 1024 * 1024)
    expect(sampleValue(after, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0)
    expect(sampleValue(after, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0)
    expect(sampleValue(after, 'scanner_memory_limit_bytes')).toBe(2048 * 1024 * 1024)
    // The guard's ratio is the same process's resident memory against that limit (read a moment apart).
    const rss = sampleValue(after, 'process_resident_memory_bytes') as number
    expect(sampleValue(after, 'scanner_memory_usage_ratio')).toBeCloseTo(rss / (2048 * 1024 * 1024), 2)
    expect(sampleValue(after, 'nodejs_heap_size_used_bytes')).toBeLessThanOrEqual(
      sampleValue(after, 'nodejs_heap_size_total_bytes') as number,
    )
    expect(sampleValue(after, 'scanner_database_size_bytes')).toBeGreaterThan(4096)
  })

  it('never turns a URL or unknown name into a label', async () => {
    const server = await start()
    const admin = await signedIn(server, ADMIN)
    await admin.get('/api/method/evil.method.zqxmethod')
    await admin.get('/api/resource/ZqxDocType')
    await admin.get('/api/resource/ZqxDocType/zqxdoc')
    await admin.get('/private/files/zqxsecret.jpg')
    await admin.get('/scanner/zqxpage?x=zqxquery')
    await admin.get('/api/zqxnothing')

    const text = (await admin.get<string>('/metrics')).body
    for (const typed of ['zqx', 'Zqx', 'evil']) expect(text).not.toContain(typed)
    const samples = parseMetrics(text)
    const count = (endpoint: string) => sampleValue(samples, 'scanner_http_requests_total', { endpoint, verb: 'GET', status: '404' })
    expect(count('method:unknown')).toBe(1)
    expect(count('resource:unknown')).toBe(2)
    expect(count('/private/files/:fileName')).toBe(1)
    expect(count('fallback')).toBe(1)
  })

  it('counts memory aborts (503) and cleanups by reason', async () => {
    const server = await start({ memory_optimization: { max_memory_mb: 16 } })
    const clerk = await signedIn(server, CLERK)
    const admin = await signedIn(server, ADMIN)
    for (let i = 0; i < 2; i += 1) expect((await clerk.post(CREATE, createBody())).status).toBe(503)
    expect((await admin.post(`${METHOD}.force_cleanup`, {})).status).toBe(200)

    const samples = await scrape(admin)
    expect(sampleValue(samples, 'scanner_memory_aborts_total')).toBe(2)
    expect(sampleValue(samples, 'scanner_memory_cleanups_total', { reason: 'pressure' })).toBe(2)
    expect(sampleValue(samples, 'scanner_memory_cleanups_total', { reason: 'forced' })).toBe(1)
    expect(sampleValue(samples, 'scanner_memory_cleanups_total', { reason: 'interval' })).toBe(0)
    expect(sampleValue(samples, 'scanner_http_requests_total', { endpoint: CREATE.slice(12), status: '503' })).toBe(2)
    expect(sampleValue(samples, 'scanner_invoices_stored')).toBe(0)
    expect(sampleValue(samples, 'scanner_memory_usage_ratio')).toBeGreaterThan(1)
  })
})

describe('the metrics port', () => {
  it('serves /metrics without sign-in on 127.0.0.1 and nothing else', async () => {
    const server = await start()
    const clerk = await signedIn(server, CLERK)
    expect((await clerk.post(CREATE, createBody())).status).toBe(200)
    const port = await startMetricsServer(server.app.scanner.metrics, { port: 0 })
    try {
      expect(port.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/)
      const answer = await fetch(port.url)
      expect(answer.status).toBe(200)
      expect(answer.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
      const samples = parseMetrics(await answer.text())
      expect(sampleValue(samples, 'scanner_invoices_stored')).toBe(1)
      expect(sampleValue(samples, 'scanner_invoice_lines_stored')).toBe(2)

      expect((await fetch(new URL('/api/method/ping', port.url))).status).toBe(404)
      expect((await fetch(port.url, { method: 'POST' })).status).toBe(405)
    } finally {
      await port.close()
    }
    await expect(fetch(port.url)).rejects.toThrow()
  })
})
