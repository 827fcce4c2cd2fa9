import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick } from 'vue'
import { forceCleanup, getMemoryStatus } from '@/api/memory'
import { FrappeError } from '@/api/errors'
import { SERVER_HISTORY_MS, useServerMemoryStatus } from '@/composables/useServerMemoryStatus'
import type { ServerMemoryStatus } from '@/types/frappe'

vi.mock('@/api/memory', () => ({ getMemoryStatus: vi.fn(), forceCleanup: vi.fn(), getMemoryConfig: vi.fn() }))

function status(rss: number, overrides: Partial<ServerMemoryStatus> = {}): ServerMemoryStatus {
  return {
    process: { rss_mb: rss, heap_used_mb: rss / 2, heap_total_mb: rss, external_mb: 1 },
    system: { total_mb: 8192, available_mb: 4096, used_percent: 50 },
    max_memory_mb: 2048,
    usage_ratio: rss / 2048,
    level: 'ok',
    gc_available: true,
    last_cleanup: null,
    ...overrides,
  }
}

function setVisibility(state: DocumentVisibilityState) {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state })
  document.dispatchEvent(new Event('visibilitychange'))
}

// Lets the mocked request's promise chain settle without moving the fake clock.
async function settle() {
  for (let i = 0; i < 5; i += 1) await Promise.resolve()
  await nextTick()
}

const getStatus = vi.mocked(getMemoryStatus)
const postCleanup = vi.mocked(forceCleanup)

beforeEach(() => {
  vi.useFakeTimers()
  setVisibility('visible')
  getStatus.mockReset()
  postCleanup.mockReset()
})
afterEach(() => {
  vi.useRealTimers()
})

function start(intervalMs = 5000) {
  const scope = effectScope()
  const result = scope.run(() => useServerMemoryStatus({ intervalMs }))!
  return { scope, ...result }
}

describe('useServerMemoryStatus', () => {
  it('asks at once, then every interval, keeping each answer in the history', async () => {
    getStatus.mockResolvedValueOnce(status(100)).mockResolvedValueOnce(status(120)).mockResolvedValue(status(130))
    const { scope, status: latest, history, isPolling } = start()
    await settle()
    expect(getStatus).toHaveBeenCalledTimes(1)
    expect(latest.value?.process.rss_mb).toBe(100)
    expect(isPolling.value).toBe(true)

    await vi.advanceTimersByTimeAsync(5000)
    await settle()
    expect(getStatus).toHaveBeenCalledTimes(2)
    expect(latest.value?.process.rss_mb).toBe(120)
    expect(history.value.map((s) => s.rssMb)).toEqual([100, 120])
    scope.stop()
  })

  it('stops asking while the page is hidden and asks again as soon as it is shown', async () => {
    getStatus.mockResolvedValue(status(100))
    const { scope, isPolling } = start()
    await settle()
    setVisibility('hidden')
    await nextTick()
    expect(isPolling.value).toBe(false)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(getStatus).toHaveBeenCalledTimes(1)

    setVisibility('visible')
    await nextTick()
    await settle()
    expect(getStatus).toHaveBeenCalledTimes(2)
    expect(isPolling.value).toBe(true)
    scope.stop()
  })

  it('clears its timer when the scope is disposed', async () => {
    getStatus.mockResolvedValue(status(100))
    const { scope, isPolling } = start()
    await settle()
    scope.stop()
    expect(isPolling.value).toBe(false)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(getStatus).toHaveBeenCalledTimes(1)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('does not queue a second request while a slow one is still out', async () => {
    let answer!: (value: ServerMemoryStatus) => void
    getStatus.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve))).mockResolvedValue(status(90))
    const { scope, refresh } = start()
    await vi.advanceTimersByTimeAsync(30_000)
    void refresh()
    expect(getStatus).toHaveBeenCalledTimes(1)
    answer(status(80))
    await settle()
    await vi.advanceTimersByTimeAsync(5000)
    await settle()
    expect(getStatus).toHaveBeenCalledTimes(2)
    scope.stop()
  })

  it('keeps only the last ten minutes of history', async () => {
    getStatus.mockResolvedValue(status(100))
    const { scope, history } = start(60_000)
    await settle()
    for (let i = 0; i < 12; i += 1) {
      await vi.advanceTimersByTimeAsync(60_000)
      await settle()
    }
    const ages = history.value.map((s) => Date.now() - s.at)
    expect(history.value).toHaveLength(11)
    expect(Math.max(...ages)).toBeLessThanOrEqual(SERVER_HISTORY_MS)
    scope.stop()
  })

  it('shows the server’s error as text, keeps the last figures and keeps polling', async () => {
    getStatus
      .mockResolvedValueOnce(status(100))
      .mockRejectedValueOnce(new FrappeError({ excType: 'InternalServerError', httpStatus: 500, messages: ['Database is locked'] }))
      .mockResolvedValue(status(110))
    const { scope, status: latest, error } = start()
    await settle()
    await vi.advanceTimersByTimeAsync(5000)
    await settle()
    expect(error.value).toBe('Database is locked')
    expect(latest.value?.process.rss_mb).toBe(100)
    await vi.advanceTimersByTimeAsync(5000)
    await settle()
    expect(error.value).toBeNull()
    expect(latest.value?.process.rss_mb).toBe(110)
    scope.stop()
  })

  it('forces a cleanup, keeps its before/after figures and refreshes the status', async () => {
    getStatus.mockResolvedValueOnce(status(300)).mockResolvedValue(status(200, { last_cleanup: '2026-01-01T12:00:00.000Z' }))
    postCleanup.mockResolvedValue({ before_mb: 300, after_mb: 200, freed_mb: 100 })
    const { scope, forceCleanup: force, lastForced, status: latest, isForcing } = start()
    await settle()
    const pending = force()
    expect(isForcing.value).toBe(true)
    await expect(pending).resolves.toEqual({ before_mb: 300, after_mb: 200, freed_mb: 100 })
    expect(isForcing.value).toBe(false)
    expect(lastForced.value?.freed_mb).toBe(100)
    expect(latest.value?.last_cleanup).toBe('2026-01-01T12:00:00.000Z')
    scope.stop()
  })

  it('reports a refused cleanup as text and keeps no result', async () => {
    getStatus.mockResolvedValue(status(100))
    postCleanup.mockRejectedValue(new FrappeError({ excType: 'PermissionError', httpStatus: 403, messages: ['Not permitted'] }))
    const { scope, forceCleanup: force, lastForced, forceError } = start()
    await settle()
    await expect(force()).resolves.toBeNull()
    expect(forceError.value).toBe('Not permitted')
    expect(lastForced.value).toBeNull()
    scope.stop()
  })
})
