import { Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { Db } from '../db/database.ts'
import { databaseBytes, storedCounts } from '../db/stats.ts'
import type { MemoryGuard } from '../domain/memory.ts'
import { processRegistry } from './processMetrics.ts'

const MB = 1024 * 1024

/**
 * The server's Prometheus metrics, in a registry of its own (never prom-client's global one, so two
 * apps in one process — as in the tests — never share counters): requests and their latency by
 * endpoint, what SQLite holds (read on each scrape), memory against the limit, aborts and cleanups.
 * Node's process figures are merged in from {@link processRegistry}.
 */
export class ServerMetrics {
  /** The app's own metrics. */
  readonly registry = new Registry()
  private readonly scraped: Registry
  private readonly requests: Counter<'endpoint' | 'verb' | 'status'>
  private readonly latency: Histogram<'endpoint' | 'verb'>

  constructor({ db, memory }: { db: Db; memory: MemoryGuard }) {
    const registers = [this.registry]
    this.requests = new Counter({
      name: 'scanner_http_requests_total',
      help: 'Requests answered, by endpoint (Frappe method, resource DocType or route), HTTP verb and status.',
      labelNames: ['endpoint', 'verb', 'status'],
      registers,
    })
    this.latency = new Histogram({
      name: 'scanner_http_request_duration_seconds',
      help: 'Time from receiving a request to answering it, by endpoint and HTTP verb.',
      labelNames: ['endpoint', 'verb'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    })
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read())
        },
      })
    gauge('scanner_invoices_stored', 'Purchase Invoices in the database.', () => storedCounts(db).invoices)
    gauge('scanner_invoice_lines_stored', 'Purchase Invoice Items in the database.', () => storedCounts(db).invoice_lines)
    gauge('scanner_files_stored', 'Uploaded files in the database.', () => storedCounts(db).files)
    gauge('scanner_database_size_bytes', 'Size of scanner.db (pages × page size; the WAL not included).', () => databaseBytes(db))
    gauge('scanner_memory_usage_ratio', 'Resident memory as a share of max_memory_mb (site_config.json).', () => memory.usageRatio())
    gauge('scanner_memory_limit_bytes', 'max_memory_mb from site_config.json, in bytes.', () => memory.config.max_memory_mb * MB)

    const aborts = new Counter({
      name: 'scanner_memory_aborts_total',
      help: 'Writes refused with 503 MemoryPressureError because memory stayed above force_cleanup_threshold.',
      registers,
    })
    const cleanups = new Counter({
      name: 'scanner_memory_cleanups_total',
      help: 'Memory cleanups, by why they ran (interval, pressure, forced).',
      labelNames: ['reason'],
      registers,
    })
    const freed = new Counter({
      name: 'scanner_memory_cleanup_freed_bytes_total',
      help: 'Resident memory given back by cleanups (negative results count as 0).',
      registers,
    })
    // Start every series at 0 so a rate() has a baseline before the first event.
    for (const reason of ['interval', 'pressure', 'forced']) cleanups.inc({ reason }, 0)
    memory.observe({
      abort: () => aborts.inc(),
      cleanup: (reason, result) => {
        cleanups.inc({ reason })
        freed.inc(Math.max(0, result.freed_mb) * MB)
      },
    })
    this.scraped = Registry.merge([processRegistry(), this.registry])
  }

  /** Counts one answered request; `seconds` is from receiving it to the reply being sent. */
  observeRequest(labels: { endpoint: string; verb: string; status: number }, seconds: number): void {
    this.requests.inc({ endpoint: labels.endpoint, verb: labels.verb, status: String(labels.status) })
    this.latency.observe({ endpoint: labels.endpoint, verb: labels.verb }, seconds)
  }

  /** The Prometheus text exposition of everything, as GET /metrics answers it. */
  scrape(): Promise<string> {
    return this.scraped.metrics()
  }

  /** The Content-Type of {@link scrape}'s text. */
  get contentType(): string {
    return this.scraped.contentType
  }
}
