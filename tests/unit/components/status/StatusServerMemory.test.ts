import { createTestingPinia } from '@pinia/testing'
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { forceCleanup, getMemoryStatus } from '@/api/memory'
import { FrappeError } from '@/api/errors'
import StatusServerMemory from '@/components/status/StatusServerMemory.vue'
import type { ServerMemoryStatus } from '@/types/frappe'

vi.mock('@/api/memory', () => ({ getMemoryStatus: vi.fn(), forceCleanup: vi.fn(), getMemoryConfig: vi.fn() }))

const ADMIN_USER = { name: 'Administrator', full_name: 'Administrator', roles: ['Administrator', 'System Manager'] }
const CLERK_USER = { name: 'clerk@example.com', full_name: 'Demo Clerk', roles: ['Accounts User'] }

function serverStatus(overrides: Partial<ServerMemoryStatus> = {}): ServerMemoryStatus {
  return {
    process: { rss_mb: 123.4, heap_used_mb: 45.6, heap_total_mb: 64, external_mb: 2.5 },
    system: { total_mb: 8192, available_mb: 2048, used_percent: 75 },
    max_memory_mb: 2048,
    usage_ratio: 0.06,
    level: 'ok',
    gc_available: true,
    last_cleanup: null,
    ...overrides,
  }
}

const getStatus = vi.mocked(getMemoryStatus)
const postCleanup = vi.mocked(forceCleanup)

let wrappers: Array<{ unmount: () => void }> = []
async function render(user: typeof ADMIN_USER | typeof CLERK_USER) {
  const wrapper = mount(StatusServerMemory, {
    global: { plugins: [createTestingPinia({ createSpy: vi.fn, initialState: { session: { status: 'signed-in', user } } })] },
  })
  wrappers.push(wrapper)
  await flushPromises()
  return wrapper
}

// The figure whose term is `label`, as the page shows it.
function figure(wrapper: Awaited<ReturnType<typeof render>>, label: string): string {
  const item = wrapper.findAll('.status-figure').find((el) => el.get('dt').text() === label)
  if (!item) throw new Error(`no figure "${label}" in:\n${wrapper.text()}`)
  return item.get('dd').text()
}

beforeEach(() => {
  getStatus.mockReset()
  postCleanup.mockReset()
})
afterEach(() => {
  for (const wrapper of wrappers) wrapper.unmount()
  wrappers = []
})

describe('StatusServerMemory', () => {
  it('shows the server’s RSS, heap, system memory, level and last cleanup', async () => {
    getStatus.mockResolvedValue(serverStatus({ level: 'warning', usage_ratio: 0.83, last_cleanup: '2026-01-01T12:34:56.000Z' }))
    const wrapper = await render(CLERK_USER)
    // In the clerk's words first; RSS, heap and system memory under Details.
    expect(figure(wrapper, 'Server memory in use')).toBe('83% (of what it may use)')
    expect(figure(wrapper, 'Room for more invoices')).toBe('Getting full: sending may slow down')
    expect(wrapper.get('details > summary').text()).toBe('Details')
    expect(wrapper.get('details').text()).toContain('Resident memory (RSS)')
    expect(figure(wrapper, 'Resident memory (RSS)')).toBe('123.4 MB (limit 2.0 GB)')
    expect(figure(wrapper, 'Heap used')).toBe('45.6 MB (of 64.0 MB)')
    expect(figure(wrapper, 'External')).toBe('2.5 MB')
    expect(figure(wrapper, 'System memory used')).toBe('75% (2.0 GB free of 8.0 GB)')
    expect(figure(wrapper, 'Usage of the limit')).toBe('83%')
    expect(figure(wrapper, 'Level')).toBe('Warning')
    expect(wrapper.get('time').attributes('datetime')).toBe('2026-01-01T12:34:56.000Z')
    expect(figure(wrapper, 'Garbage collection')).toBe('Available')
    expect(wrapper.get('svg[role="img"]').attributes('aria-label')).toContain('1 reading, lowest 123.4 MB')
  })

  it('says so when no cleanup has run and garbage collection is not exposed', async () => {
    getStatus.mockResolvedValue(serverStatus({ level: 'critical', gc_available: false }))
    const wrapper = await render(CLERK_USER)
    expect(figure(wrapper, 'Last cleanup')).toBe('None since the server started')
    expect(figure(wrapper, 'Level')).toBe('Critical')
    expect(figure(wrapper, 'Garbage collection')).toMatch(/Not available/)
  })

  it('offers Force cleanup to a System Manager', async () => {
    getStatus.mockResolvedValue(serverStatus())
    const wrapper = await render(ADMIN_USER)
    expect(wrapper.find('button').text()).toBe('Force cleanup')
  })

  it('does not offer Force cleanup to a clerk', async () => {
    getStatus.mockResolvedValue(serverStatus())
    const wrapper = await render(CLERK_USER)
    expect(wrapper.findAll('button').filter((b) => b.text() === 'Force cleanup')).toHaveLength(0)
  })

  it('shows the figures before and after a forced cleanup and what it freed', async () => {
    getStatus.mockResolvedValueOnce(serverStatus()).mockResolvedValue(serverStatus({ last_cleanup: '2026-01-01T13:00:00.000Z' }))
    postCleanup.mockResolvedValue({ before_mb: 150.25, after_mb: 110, freed_mb: 40.25 })
    const wrapper = await render(ADMIN_USER)
    await wrapper.get('button').trigger('click')
    await flushPromises()
    expect(postCleanup).toHaveBeenCalledTimes(1)
    const result = wrapper.get('section[aria-label="Last forced cleanup"]')
    expect(result.text()).toContain('Before150.3 MB')
    expect(result.text()).toContain('After110.0 MB')
    expect(result.text()).toContain('Freed40.3 MB')
    expect(wrapper.get('time').attributes('datetime')).toBe('2026-01-01T13:00:00.000Z')
  })

  it('shows the server’s refusal of a cleanup as text', async () => {
    getStatus.mockResolvedValue(serverStatus())
    postCleanup.mockRejectedValue(
      new FrappeError({ excType: 'PermissionError', httpStatus: 403, messages: ['Only a System Manager can force a cleanup.'] }),
    )
    const wrapper = await render(ADMIN_USER)
    await wrapper.get('button').trigger('click')
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toBe('Only a System Manager can force a cleanup.')
    expect(wrapper.find('section[aria-label="Last forced cleanup"]').exists()).toBe(false)
  })

  it('shows a failed status request as text instead of figures', async () => {
    getStatus.mockRejectedValue(
      new FrappeError({
        excType: 'AuthenticationError',
        httpStatus: 401,
        messages: ['You are not signed in, or your session has expired.'],
      }),
    )
    const wrapper = await render(CLERK_USER)
    expect(wrapper.get('[role="alert"]').text()).toBe('You are not signed in, or your session has expired.')
    expect(wrapper.findAll('.status-figure')).toHaveLength(0)
  })
})
