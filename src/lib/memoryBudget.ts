import { DEFAULT_MEMORY_CONFIG } from '@/types/frappe'

const MB = 1024 * 1024

/**
 * Share of the device's RAM one tab may plan to use. `navigator.deviceMemory` is rounded and capped at 8 GB
 * by browsers, and the tab shares the device with the OS and other apps, so a quarter is a safe plan.
 */
export const DEVICE_MEMORY_SHARE = 1 / 4

/**
 * The memory budget of the tab, in bytes:
 *
 *   budget = min(max_memory_mb, deviceMemory GB × 1024 × 1/4) MB
 *
 * so an 8 GB laptop gets at most 2048 MB, a 4 GB phone 1024 MB, a 2 GB phone 512 MB. Without
 * `navigator.deviceMemory` (Firefox, Safari) `max_memory_mb` alone is the budget. A missing or
 * nonsensical `max_memory_mb` falls back to the default rather than making every page "critical".
 */
export function memoryBudgetBytes(maxMemoryMb: number, deviceMemoryGb?: number | null): number {
  const configured = Number.isFinite(maxMemoryMb) && maxMemoryMb > 0 ? maxMemoryMb : DEFAULT_MEMORY_CONFIG.max_memory_mb
  const fromDevice =
    typeof deviceMemoryGb === 'number' && Number.isFinite(deviceMemoryGb) && deviceMemoryGb > 0
      ? deviceMemoryGb * 1024 * DEVICE_MEMORY_SHARE
      : Number.POSITIVE_INFINITY
  return Math.round(Math.min(configured, fromDevice) * MB)
}

/** `navigator.deviceMemory` in GB where the browser reports it (Chromium), otherwise null. */
export function readDeviceMemoryGb(nav: Navigator | undefined = globalThis.navigator): number | null {
  const value = (nav as (Navigator & { deviceMemory?: unknown }) | undefined)?.deviceMemory
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null
}
