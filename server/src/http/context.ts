import type { SiteConfig } from '../config.ts'
import type { Db } from '../db/database.ts'
import type { MemoryGuard } from '../domain/memory.ts'

/** What every route module needs, built once by buildApp and passed in explicitly. */
export interface AppContext {
  db: Db
  config: SiteConfig
  memory: MemoryGuard
  /** Where uploads are stored: `<dataDir>/files`. */
  filesDir: string
}
