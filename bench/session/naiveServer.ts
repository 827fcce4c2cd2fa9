/**
 * A tiny static server for the naive page (bench/session/naive/) with a stub `POST /api/invoices` that
 * takes the naive page's one-big-JSON invoice, checks its shape, counts it and throws it away.
 */
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, 'naive')
const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/naive.js': { file: 'naive.js', type: 'text/javascript; charset=utf-8' },
}
/** Far above what 10 full-size pages in base64 come to, but still a limit. */
const MAX_BODY_BYTES = 512 * 1024 * 1024

/** What the stub received for one invoice. */
export interface NaiveReceipt {
  name: string
  billNo: string
  pages: number
  lines: number
  bodyBytes: number
}

export interface NaiveServer {
  url: string
  received: NaiveReceipt[]
  close: () => Promise<void>
}

interface NaiveInvoice {
  bill_no?: unknown
  items?: unknown
  pages?: unknown
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = []
    let size = 0
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        request.destroy()
        fail(new Error(`request body over ${MAX_BODY_BYTES} bytes`))
      } else chunks.push(chunk)
    })
    request.on('end', () => done(Buffer.concat(chunks)))
    request.on('error', fail)
  })
}

/** Starts the naive page's server on localhost (a secure context, like the app's) on a free port. */
export async function startNaiveServer(): Promise<NaiveServer> {
  const received: NaiveReceipt[] = []
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'Content-Type': 'application/json' })
      response.end(JSON.stringify(body))
    }
    if (request.method === 'GET' && FILES[path]) {
      const { file, type } = FILES[path]
      response.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' })
      response.end(readFileSync(resolve(ROOT, file)))
      return
    }
    if (request.method === 'POST' && path === '/api/invoices') {
      readBody(request).then(
        (body) => {
          let invoice: NaiveInvoice
          try {
            invoice = JSON.parse(body.toString('utf8')) as NaiveInvoice
          } catch {
            return send(400, { message: 'The body is not JSON.' })
          }
          if (!Array.isArray(invoice.pages) || !Array.isArray(invoice.items) || typeof invoice.bill_no !== 'string') {
            return send(400, { message: 'An invoice needs bill_no, items and pages.' })
          }
          const receipt = {
            name: `NAIVE-${String(received.length + 1).padStart(4, '0')}`,
            billNo: invoice.bill_no,
            pages: invoice.pages.length,
            lines: invoice.items.length,
            bodyBytes: body.length,
          }
          received.push(receipt)
          send(200, receipt)
        },
        (error: Error) => send(413, { message: error.message }),
      )
      return
    }
    send(404, { message: `No ${request.method} ${path} here.` })
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://localhost:${port}`,
    received,
    close: () => new Promise((done) => server.close(() => done())),
  }
}
