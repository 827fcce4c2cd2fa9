import type { ForceCleanupResult, MemoryConfig, ServerMemoryStatus } from '@/types/frappe'
import { CUSTOM_ERP_METHOD_PREFIX } from '@/types/frappe'
import { callMethod, type CallOptions } from './envelope'

const method = (name: string) => `${CUSTOM_ERP_METHOD_PREFIX}.${name}`

/** The site's `memory_optimization` settings (thresholds, batch size, cleanup interval). */
export async function getMemoryConfig(options: CallOptions = {}): Promise<MemoryConfig> {
  return callMethod<MemoryConfig>(method('get_memory_config'), options)
}

/** The server process's and machine's memory use right now. */
export async function getMemoryStatus(options: CallOptions = {}): Promise<ServerMemoryStatus> {
  return callMethod<ServerMemoryStatus>(method('get_memory_status'), options)
}

/** Asks the server to collect garbage and drop caches now (System Manager only). */
export async function forceCleanup(options: CallOptions = {}): Promise<ForceCleanupResult> {
  return callMethod<ForceCleanupResult>(method('force_cleanup'), { ...options, httpMethod: 'POST' })
}
