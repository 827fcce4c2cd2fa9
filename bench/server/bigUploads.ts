/**
 * The memory of uploads at their largest: `count` uploads of `mib` MiB at once, each to its own invoice, as
 * issue 12 measured them (20 × 9 MiB peaked at 324 MB RSS when uploads were held whole in memory).
 */
import { randomBytes } from 'node:crypto'
import type { InvoiceProgress } from '../../src/types/frappe.ts'
import { createBody, makeLines, METHOD, type Session } from './client.ts'
import type { Ledger, LoadResult } from './load.ts'

const MIB = 1024 * 1024
/** What a JPEG starts with: the server recognises files by their first bytes. */
const JPEG_HEAD = Buffer.from([0xff, 0xd8, 0xff, 0xe0])

/** One invoice per upload first, then every upload at once; answers the load as the other phases do. */
export async function uploadLarge(
  url: string,
  session: Session,
  ledger: Ledger,
  { count, mib }: { count: number; mib: number },
): Promise<LoadResult> {
  const invoices: string[] = []
  for (let i = 0; i < count; i += 1) {
    const response = await fetch(new URL(`${METHOD}.create_purchase_invoice`, url), {
      method: 'POST',
      headers: { ...session.headers, 'content-type': 'application/json' },
      body: JSON.stringify(createBody(makeLines(1))),
    })
    const { message } = (await response.json()) as { message: InvoiceProgress }
    ledger.invoices.set(message.name, message.items_received)
    invoices.push(message.name)
  }
  // Random bytes, so no two uploads are the same file and none compresses on the way.
  const bodies = invoices.map(() => Buffer.concat([JPEG_HEAD, randomBytes(mib * MIB - JPEG_HEAD.length)]))
  const latencies: number[] = []
  const statuses: number[] = []
  const started = performance.now()
  await Promise.all(
    invoices.map(async (invoice, i) => {
      const form = new FormData()
      form.append('doctype', 'Purchase Invoice')
      form.append('docname', invoice)
      form.append('file', new Blob([new Uint8Array(bodies[i] as Buffer)], { type: 'image/jpeg' }), `big-${i}.jpg`)
      const sent = performance.now()
      const response = await fetch(new URL('/api/method/upload_file', url), { method: 'POST', headers: session.headers, body: form })
      await response.arrayBuffer()
      latencies.push(performance.now() - sent)
      statuses.push(response.status)
      if (response.status === 200) ledger.files += 1
    }),
  )
  const seconds = (performance.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? 0
  const refused: Record<string, number> = {}
  for (const status of statuses) if (status !== 200) refused[status] = (refused[status] ?? 0) + 1
  const ok = statuses.filter((s) => s === 200).length
  return { requests: statuses.length, ok, errors: statuses.length - ok, seconds, p50: at(50), p99: at(99), refused }
}
