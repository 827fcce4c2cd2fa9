import { request as httpRequest } from 'node:http'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CLERK, METHOD, TestClient, messageText } from './support/client'
import { createBody } from './support/invoices'
import { useTestServers, writeSiteConfig, type TestServer } from './support/server'

// Issue 12 item 9: uploads go to disk as they arrive, and the memory guard covers them.
const startServer = useTestServers()
const JPEG_HEAD = Buffer.from([0xff, 0xd8, 0xff, 0xe0])

async function signedInWithInvoice(server: TestServer): Promise<{ clerk: TestClient; invoice: string }> {
  const clerk = new TestClient(server.url)
  await clerk.login(CLERK)
  const invoice = (await clerk.post<{ message: { name: string } }>(`${METHOD}.create_purchase_invoice`, createBody())).body.message.name
  return { clerk, invoice }
}
const tempFiles = (server: TestServer) => {
  const dir = join(server.dataDir, 'files', '.upload-tmp')
  return existsSync(dir) ? readdirSync(dir).map((name) => ({ name, size: statSync(join(dir, name)).size })) : []
}
const fileRows = (server: TestServer) => server.app.scanner.db.prepare('SELECT COUNT(*) FROM file').pluck().get() as number

describe('uploads', () => {
  it('are written to a temporary file while they arrive, not held whole in memory', async () => {
    const server = await startServer()
    const { clerk, invoice } = await signedInWithInvoice(server)
    const boundary = 'streaming-boundary'
    const head = Buffer.from(
      [
        `--${boundary}`,
        'Content-Disposition: form-data; name="doctype"',
        '',
        'Purchase Invoice',
        `--${boundary}`,
        'Content-Disposition: form-data; name="docname"',
        '',
        invoice,
        `--${boundary}`,
        'Content-Disposition: form-data; name="file"; filename="slow.jpg"',
        'Content-Type: image/jpeg',
        '',
        '',
      ].join('\r\n'),
    )
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
    const firstHalf = Buffer.concat([JPEG_HEAD, Buffer.alloc(2 * 1024 * 1024, 7)])
    const secondHalf = Buffer.alloc(2 * 1024 * 1024, 9)
    const url = new URL('/api/method/upload_file', server.url)
    const cookie = [...clerk.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(url, {
        method: 'POST',
        headers: {
          cookie,
          'x-frappe-csrf-token': clerk.csrfToken ?? '',
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': head.length + firstHalf.length + secondHalf.length + tail.length,
        },
      })
      req.on('response', (res) => {
        let body = ''
        res.on('data', (chunk: Buffer) => (body += chunk.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      })
      req.on('error', reject)
      req.write(head)
      req.write(firstHalf)
      // Midway, the first half is already on disk in the temporary folder.
      const started = Date.now()
      const poll = setInterval(() => {
        const partial = tempFiles(server).find((f) => f.size > 0)
        if (partial || Date.now() - started > 5000) {
          clearInterval(poll)
          seenMidway = partial?.size ?? 0
          req.write(secondHalf)
          req.end(tail)
        }
      }, 20)
    })
    let seenMidway = 0
    const done = await answer
    expect(done.status, done.body).toBe(200)
    expect(seenMidway).toBeGreaterThan(0)
    expect(JSON.parse(done.body).message.file_size).toBe(firstHalf.length + secondHalf.length)
    expect(tempFiles(server)).toEqual([])
  })

  it('leave no temporary file behind when refused as too large', async () => {
    const server = await startServer()
    const { clerk, invoice } = await signedInWithInvoice(server)
    const data = new FormData()
    data.append('doctype', 'Purchase Invoice')
    data.append('docname', invoice)
    data.append('file', new Blob([JPEG_HEAD, Buffer.alloc(10 * 1024 * 1024 + 1)]), 'huge.jpg')
    const answer = await clerk.post('/api/method/upload_file', data)
    expect(answer.status).toBe(413)
    expect(tempFiles(server)).toEqual([])
    expect(fileRows(server)).toBe(0)
  })

  it('are refused with 503 and Retry-After under memory pressure, storing nothing', async () => {
    const server = await startServer()
    writeSiteConfig(server.dataDir, { memory_optimization: { max_memory_mb: 1, gc_threshold: 0.5, force_cleanup_threshold: 0.6 } })
    const { clerk, invoice } = await (async () => {
      // The invoice is made before the limit applies; then the server restarts with a 1 MB limit.
      const made = await signedInWithInvoice(server)
      await server.restart()
      made.clerk.baseUrl = server.url
      return made
    })()
    const data = new FormData()
    data.append('doctype', 'Purchase Invoice')
    data.append('docname', invoice)
    data.append('file', new Blob([JPEG_HEAD, Buffer.alloc(1024)]), 'r.jpg')
    const answer = await clerk.post('/api/method/upload_file', data)
    expect(answer.status).toBe(503)
    expect(answer.body).toMatchObject({ exc_type: 'MemoryPressureError' })
    expect(messageText(answer.body)).toMatch(/nothing was saved/)
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(fileRows(server)).toBe(0)
    expect(tempFiles(server)).toEqual([])
  })
})
