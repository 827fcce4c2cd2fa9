import { readFileSync } from 'node:fs'
import { freemem, totalmem } from 'node:os'
import type { FastifyBaseLogger } from 'fastify'
import type { ForceCleanupResult, MemoryConfig, MemoryLevel, ServerMemoryStatus } from '../../../src/types/frappe.ts'
import { memoryPressureError } from '../frappe/errors.ts'

const MB = 1024 * 1024
const round2 = (n: number) => Math.round(n * 100) / 100

/** The logging the guard needs: Fastify's logger fits, and so does a silent stand-in. */
export type MemoryLog = Pick<FastifyBaseLogger, 'debug' | 'info' | 'warn' | 'error'>

/** Why a cleanup ran: a small fixed set, so it can label a metric. */
export type CleanupKind = 'interval' | 'pressure' | 'forced'

/** The process's memory at one moment, as every memory log record carries it (`usage_ratio` is rss against `max_memory_mb`). */
export type MemorySnapshot = ServerMemoryStatus['process'] & Pick<ServerMemoryStatus, 'usage_ratio' | 'level'>

/** Who wants to hear about aborts and cleanups (the metrics). */
export interface MemoryObserver {
  abort?: (snapshot: MemorySnapshot) => void
  cleanup?: (kind: CleanupKind, result: ForceCleanupResult) => void
}

export interface MemoryGuardOptions {
  config: MemoryConfig
  log: MemoryLog
  /** Reads the process's memory; tests of the rules may pass their own. */
  readMemory?: () => NodeJS.MemoryUsage
}

/**
 * The backend half of the memory safeguards: measures this process against `max_memory_mb`, runs GC
 * above `gc_threshold` (when started with --expose-gc and `enable_gc` is on), refuses work above
 * `force_cleanup_threshold`, and cleans up every `cleanup_interval` seconds.
 */
export class MemoryGuard {
  readonly config: MemoryConfig
  private readonly log: MemoryLog
  private readonly readMemory: () => NodeJS.MemoryUsage
  private readonly cleanupTasks: Array<() => void> = []
  private readonly observers: MemoryObserver[] = []
  private timer: NodeJS.Timeout | null = null
  private lastCleanup: Date | null = null

  constructor(options: MemoryGuardOptions) {
    this.config = options.config
    this.log = options.log
    this.readMemory = options.readMemory ?? (() => process.memoryUsage())
  }

  /** Whether `global.gc` exists, i.e. node ran with --expose-gc. */
  get gcAvailable(): boolean {
    return typeof globalThis.gc === 'function'
  }

  /** Adds work for every cleanup (dropping caches, shrinking SQLite's memory). */
  onCleanup(task: () => void): void {
    this.cleanupTasks.push(task)
  }

  /** Adds an observer of aborts and cleanups. */
  observe(observer: MemoryObserver): void {
    this.observers.push(observer)
  }

  /** Resident memory as a share of `max_memory_mb`. */
  usageRatio(): number {
    return this.readMemory().rss / MB / this.config.max_memory_mb
  }

  /** Where a usage ratio sits against the configured thresholds. */
  levelOf(ratio: number): MemoryLevel {
    if (ratio >= this.config.force_cleanup_threshold) return 'critical'
    if (ratio >= this.config.gc_threshold) return 'warning'
    return 'ok'
  }

  /** This process's memory now, in MB, for a log record. */
  snapshot(): MemorySnapshot {
    const usage = this.readMemory()
    const ratio = usage.rss / MB / this.config.max_memory_mb
    return {
      rss_mb: round2(usage.rss / MB),
      heap_used_mb: round2(usage.heapUsed / MB),
      heap_total_mb: round2(usage.heapTotal / MB),
      external_mb: round2(usage.external / MB),
      usage_ratio: Math.round(ratio * 10_000) / 10_000,
      level: this.levelOf(ratio),
    }
  }

  /** What get_memory_status answers. */
  status(): ServerMemoryStatus {
    const { usage_ratio, level, ...processMemory } = this.snapshot()
    const system = readSystemMemory()
    return {
      process: processMemory,
      system: {
        total_mb: round2(system.total / MB),
        available_mb: round2(system.available / MB),
        used_percent: round2(((system.total - system.available) / system.total) * 100),
      },
      max_memory_mb: this.config.max_memory_mb,
      usage_ratio,
      level,
      gc_available: this.gcAvailable,
      last_cleanup: this.lastCleanup?.toISOString() ?? null,
    }
  }

  /**
   * Called before a write opens its transaction. Above `gc_threshold` it collects garbage; at or above
   * `force_cleanup_threshold` it cleans up once more and, if still there, throws a 503 MemoryPressureError.
   * `log` is the request's logger, so the abort record carries its request id.
   */
  beforeWrite(log: MemoryLog = this.log): void {
    this.check(log, { mayCleanUp: true })
  }

  /**
   * Called between the chunks of a write, inside its transaction: collects garbage like {@link beforeWrite},
   * but never runs the cleanup tasks. They write too (expired sessions, stale login counts, the latter on a
   * connection of its own that would wait out busy_timeout for this transaction's lock), and a task's writes
   * must not ride on, or be rolled back with, a request's transaction. Still critical after GC: throws, so
   * the caller's transaction rolls back; the next request's beforeWrite cleans up.
   */
  beforeChunk(log: MemoryLog = this.log): void {
    this.check(log, { mayCleanUp: false })
  }

  private check(log: MemoryLog, { mayCleanUp }: { mayCleanUp: boolean }): void {
    let ratio = this.usageRatio()
    if (ratio < this.config.gc_threshold) return
    this.collectGarbage()
    ratio = this.usageRatio()
    if (ratio < this.config.force_cleanup_threshold) return
    if (mayCleanUp) {
      this.cleanup('pressure', {}, log)
      ratio = this.usageRatio()
      if (ratio < this.config.force_cleanup_threshold) return
    }
    const memory = this.snapshot()
    log.warn({ event: 'memory abort', max_memory_mb: this.config.max_memory_mb, memory }, 'refusing a write: memory pressure')
    for (const observer of this.observers) observer.abort?.(memory)
    throw memoryPressureError(
      `The server is using ${Math.round(ratio * 100)}% of its ${this.config.max_memory_mb} MB memory limit; nothing was saved, retry shortly`,
      Math.min(30, this.config.cleanup_interval),
    )
  }

  /**
   * Runs the cleanup tasks and GC now, and says how much resident memory that gave back. `detail` goes
   * into the log record (e.g. who forced it), never into a metric label.
   */
  cleanup(kind: CleanupKind, detail: Record<string, unknown> = {}, log: MemoryLog = this.log): ForceCleanupResult {
    const before = this.readMemory().rss / MB
    for (const task of this.cleanupTasks) {
      try {
        task()
      } catch (error) {
        log.error({ err: error }, 'a cleanup task failed')
      }
    }
    this.collectGarbage()
    const after = this.readMemory().rss / MB
    this.lastCleanup = new Date()
    const result = { before_mb: round2(before), after_mb: round2(after), freed_mb: round2(before - after) }
    log.info({ event: 'memory cleanup', reason: kind, ...detail, ...result, memory: this.snapshot() }, 'memory cleanup')
    for (const observer of this.observers) observer.cleanup?.(kind, result)
    return result
  }

  /** Starts the periodic cleanup; the timer does not keep the process alive. */
  start(): void {
    if (this.timer) return
    this.timer = setInterval(() => this.cleanup('interval'), this.config.cleanup_interval * 1000)
    this.timer.unref()
  }

  /** Stops the periodic cleanup. */
  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  private collectGarbage(): void {
    if (this.config.enable_gc && typeof globalThis.gc === 'function') globalThis.gc()
  }
}

/** MemAvailable from /proc/meminfo (what the kernel could give without swapping), else os.freemem(). */
function readSystemMemory(): { total: number; available: number } {
  const total = totalmem()
  try {
    const match = /^MemAvailable:\s+(\d+) kB$/m.exec(readFileSync('/proc/meminfo', 'utf8'))
    if (match?.[1]) return { total, available: Number(match[1]) * 1024 }
  } catch {
    // Not Linux: fall through to the portable figure.
  }
  return { total, available: freemem() }
}
