import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DEFAULT_ROUNDING_METHOD, ROUNDING_METHODS, type RoundingMethod } from '../../src/lib/money.ts'
import { DEFAULT_MEMORY_CONFIG, type MemoryConfig } from '../../src/types/frappe.ts'
import { SITE_CONFIG } from './dataDir.ts'

/** The parts of `site_config.json` this server reads. Other keys a real bench keeps there are ignored. */
export interface SiteConfig {
  memory_optimization: MemoryConfig
  /** How line amounts are rounded to cents: Frappe's System Settings `rounding_method`, same names and default. */
  rounding_method: RoundingMethod
}

/** A site_config.json the server refuses to start with; the message says which key and why. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

type Rule = (value: unknown) => string | null

const fraction: Rule = (v) => (typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= 1 ? null : 'a number above 0 and at most 1')
const positiveInt =
  (max: number): Rule =>
  (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= max ? null : `a whole number from 1 to ${max}`

const RULES: Record<keyof MemoryConfig, Rule> = {
  enable_gc: (v) => (typeof v === 'boolean' ? null : 'true or false'),
  gc_threshold: fraction,
  max_memory_mb: positiveInt(1_048_576),
  // A batch is also the largest unit one request may carry (append_invoice_items refuses > 500 items).
  batch_size: positiveInt(500),
  cleanup_interval: positiveInt(86_400),
  force_cleanup_threshold: fraction,
}

/**
 * Reads `<dataDir>/site_config.json`. When there is none, it is written with the defaults first, so the
 * operator finds the thresholds where a Frappe site keeps them and can edit them. Missing
 * `memory_optimization` keys take their defaults; a wrong type, a value out of range or an unknown key is
 * refused with a message.
 */
export function loadSiteConfig(dataDir: string): SiteConfig {
  const path = join(dataDir, SITE_CONFIG)
  if (!existsSync(path)) {
    const defaults = { memory_optimization: { ...DEFAULT_MEMORY_CONFIG } }
    mkdirSync(dataDir, { recursive: true })
    writeFileSync(path, `${JSON.stringify(defaults, null, 2)}\n`, { flag: 'wx' })
    return { ...defaults, rounding_method: DEFAULT_ROUNDING_METHOD }
  }
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new ConfigError(`${path} is not valid JSON: ${(error as Error).message}`)
  }
  if (!isPlainObject(raw)) throw new ConfigError(`${path} must hold a JSON object`)
  return {
    memory_optimization: parseMemoryConfig(raw.memory_optimization, path),
    rounding_method: parseRoundingMethod(raw.rounding_method, path),
  }
}

/** Validates a `memory_optimization` block (undefined = defaults). Exported for tests of the rules. */
function parseMemoryConfig(block: unknown, source = 'site_config.json'): MemoryConfig {
  if (block === undefined) return { ...DEFAULT_MEMORY_CONFIG }
  if (!isPlainObject(block)) throw new ConfigError(`${source}: memory_optimization must be an object`)
  const config: MemoryConfig = { ...DEFAULT_MEMORY_CONFIG }
  for (const [key, value] of Object.entries(block)) {
    if (!(key in RULES)) {
      throw new ConfigError(`${source}: unknown key memory_optimization.${key} (known: ${Object.keys(RULES).join(', ')})`)
    }
    const name = key as keyof MemoryConfig
    const problem = RULES[name](value)
    if (problem) throw new ConfigError(`${source}: memory_optimization.${key} must be ${problem}, got ${JSON.stringify(value)}`)
    ;(config as unknown as Record<string, unknown>)[name] = value
  }
  if (config.force_cleanup_threshold < config.gc_threshold) {
    throw new ConfigError(
      `${source}: memory_optimization.force_cleanup_threshold (${config.force_cleanup_threshold}) must not be below gc_threshold (${config.gc_threshold})`,
    )
  }
  return config
}

/** `rounding_method` as Frappe names it; absent means Frappe's own default. */
function parseRoundingMethod(value: unknown, source: string): RoundingMethod {
  if (value === undefined) return DEFAULT_ROUNDING_METHOD
  if (typeof value === 'string' && (ROUNDING_METHODS as readonly string[]).includes(value)) return value as RoundingMethod
  throw new ConfigError(
    `${source}: rounding_method must be one of ${ROUNDING_METHODS.map((m) => JSON.stringify(m)).join(', ')}, got ${JSON.stringify(value)}`,
  )
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
