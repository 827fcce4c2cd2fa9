/**
 * The three kinds of load, each recording what the server acknowledged (answered 200) in a ledger so
 * the database can be checked against it afterwards.
 */
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import autocannon from 'autocannon'
import type { InvoiceProgress } from '../../src/types/frappe.ts'
import { createBody, makeLines, METHOD, type Session } from './client.ts'

/** What the server acknowledged: invoice name → lines stored, and files stored. */
export interface Ledger {
  invoices: Map<string, number>
  files: number
}

/** How one phase went, from the client's side. */
export interface LoadResult {
  requests: number
  ok: number
  /** Non-2xx answers plus connection errors and timeouts. */
  errors: number
  seconds: number
  p50: number
  p99: number
  /** Status code → count, for anything that was not 200. */
  refused: Record<string, number>
}

/** Nearest-rank percentile of latencies in ms. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number
}

function summarise(latencies: number[], statuses: number[], seconds: number, failures = 0): LoadResult {
  const sorted = [...latencies].sort((a, b) => a - b)
  const refused: Record<string, number> = {}
  for (const status of statuses) if (status !== 200) refused[status] = (refused[status] ?? 0) + 1
  const ok = statuses.filter((s) => s === 200).length
  return {
    requests: statuses.length + failures,
    ok,
    errors: statuses.length - ok + failures,
    seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    refused,
  }
}

/**
 * The seed's load test: `amount` create_purchase_invoice requests of `lines` lines over `connections`
 * connections with autocannon, each with its own client_request_id and Bill No.
 */
export async function createBurst(
  url: string,
  session: Session,
  ledger: Ledger,
  options: { amount: number; connections: number; lines: number },
): Promise<LoadResult> {
  const lines = makeLines(options.lines)
  const started = performance.now()
  const result = await autocannon({
    url,
    connections: options.connections,
    amount: options.amount,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: `${METHOD}.create_purchase_invoice`,
        headers: { ...session.headers, 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: JSON.stringify(createBody(lines)) }),
        onResponse: (status, body) => {
          if (status !== 200) return
          const { message } = JSON.parse(body) as { message: InvoiceProgress }
          ledger.invoices.set(message.name, message.items_received)
        },
      },
    ],
  })
  const seconds = (performance.now() - started) / 1000
  const refused: Record<string, number> = {}
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) if (code !== '200') refused[code] = stats.count ?? 0
  return {
    requests: result.requests.sent,
    ok: result['2xx'],
    errors: result.non2xx + result.errors + result.timeouts,
    seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    refused,
  }
}

/** Runs `task(i)` for i < count with at most `concurrency` at a time. */
async function pool(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < count) await task(next++)
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker))
}

/**
 * `invoices` invoices of `lines` lines each, `concurrency` at a time, sent as the app does: create
 * with the first `batch` lines, then append_invoice_items with the rest, `batch` at a time.
 */
export async function sendInvoices(
  url: string,
  session: Session,
  ledger: Ledger,
  options: { invoices: number; lines: number; batch: number; concurrency: number; descriptionChars?: number },
): Promise<LoadResult> {
  const latencies: number[] = []
  const statuses: number[] = []
  let failures = 0
  const post = async (method: string, body: unknown) => {
    const started = performance.now()
    try {
      const response = await fetch(new URL(`${METHOD}.${method}`, url), {
        method: 'POST',
        headers: { ...session.headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      const answer = (await response.json()) as { message?: InvoiceProgress }
      latencies.push(performance.now() - started)
      statuses.push(response.status)
      return response.status === 200 ? (answer.message ?? null) : null
    } catch {
      failures += 1
      return null
    }
  }
  const started = performance.now()
  await pool(options.invoices, options.concurrency, async () => {
    const all = makeLines(options.lines, 1, options.descriptionChars)
    const first = await post('create_purchase_invoice', createBody(all.slice(0, options.batch), options.lines))
    if (!first) return
    ledger.invoices.set(first.name, first.items_received)
    for (let start = options.batch, index = 1; start < all.length; start += options.batch, index += 1) {
      const progress = await post('append_invoice_items', {
        invoice: first.name,
        batch_index: index,
        items: all.slice(start, start + options.batch),
      })
      if (!progress) return
      ledger.invoices.set(progress.name, progress.items_received)
    }
  })
  return summarise(latencies, statuses, (performance.now() - started) / 1000, failures)
}

/** Tries to create one invoice with all its lines in one request; answers the status and message. */
export async function sendInOneRequest(url: string, session: Session, lines: number): Promise<{ status: number; message: string }> {
  const response = await fetch(new URL(`${METHOD}.create_purchase_invoice`, url), {
    method: 'POST',
    headers: { ...session.headers, 'content-type': 'application/json' },
    body: JSON.stringify(createBody(makeLines(lines))),
  })
  const body = (await response.json()) as { _server_messages?: string }
  const messages = body._server_messages
    ? (JSON.parse(body._server_messages) as string[]).map((m) => (JSON.parse(m) as { message: string }).message)
    : []
  return { status: response.status, message: messages[0] ?? '' }
}

/** Uploads each photo to one of `invoices` (multipart, as the app does), `concurrency` at a time. */
export async function uploadReceipts(
  url: string,
  session: Session,
  ledger: Ledger,
  options: { photos: string[]; invoices: string[]; concurrency: number },
): Promise<LoadResult> {
  const latencies: number[] = []
  const statuses: number[] = []
  let failures = 0
  const started = performance.now()
  await pool(options.photos.length, options.concurrency, async (i) => {
    const path = options.photos[i] as string
    const form = new FormData()
    form.append('doctype', 'Purchase Invoice')
    form.append('docname', options.invoices[i % options.invoices.length] as string)
    form.append('file', new Blob([readFileSync(path)], { type: 'image/jpeg' }), basename(path))
    const sent = performance.now()
    try {
      const response = await fetch(new URL('/api/method/upload_file', url), { method: 'POST', headers: session.headers, body: form })
      await response.arrayBuffer()
      latencies.push(performance.now() - sent)
      statuses.push(response.status)
      if (response.status === 200) ledger.files += 1
    } catch {
      failures += 1
    }
  })
  return summarise(latencies, statuses, (performance.now() - started) / 1000, failures)
}
