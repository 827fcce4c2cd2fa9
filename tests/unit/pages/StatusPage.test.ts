import 'fake-indexeddb/auto'
import { createTestingPinia } from '@pinia/testing'
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { getMemoryStatus } from '@/api/memory'
import StatusPage from '@/pages/StatusPage.vue'
import type { ServerMemoryStatus } from '@/types/frappe'

vi.mock('@/api/memory', () => ({ getMemoryStatus: vi.fn(), forceCleanup: vi.fn(), getMemoryConfig: vi.fn() }))

const MB = 1024 * 1024
const ADMINISTRATOR = { name: 'Administrator', full_name: 'Administrator', roles: ['Administrator', 'System Manager'] }
const CLERK = { name: 'clerk@example.com', full_name: 'Demo Clerk', roles: ['Accounts User'] }

const SERVER: ServerMemoryStatus = {
  process: { rss_mb: 180, heap_used_mb: 60, heap_total_mb: 90, external_mb: 3 },
  system: { total_mb: 4096, available_mb: 1024, used_percent: 75 },
  max_memory_mb: 200,
  usage_ratio: 0.9,
  level: 'critical',
  gc_available: true,
  last_cleanup: null,
}

let mounted: Array<ReturnType<typeof mount>> = []
async function render(user: typeof ADMINISTRATOR | typeof CLERK) {
  const pinia = createTestingPinia({
    createSpy: vi.fn,
    initialState: {
      session: { status: 'signed-in', user },
      memory: { heapSupported: true, heapUsed: 20 * MB, heapLimit: 100 * MB, history: [] },
    },
  })
  const wrapper = mount(StatusPage, { global: { plugins: [pinia] } })
  mounted.push(wrapper)
  await flushPromises()
  return wrapper
}

function sectionNamed(wrapper: ReturnType<typeof mount>, heading: string) {
  const section = wrapper.findAll('section').find((s) => s.find('h2').exists() && s.get('h2').text() === heading)
  if (!section) throw new Error(`no section "${heading}"`)
  return section
}

beforeEach(() => {
  vi.mocked(getMemoryStatus).mockResolvedValue(SERVER)
})
afterEach(() => {
  for (const wrapper of mounted) wrapper.unmount()
  mounted = []
})

describe('StatusPage', () => {
  it('has a heading for the page and one for each section, each section labelled by its heading', async () => {
    const wrapper = await render(CLERK)
    expect(wrapper.get('h1').text()).toBe('Status')
    expect(wrapper.findAll('h2').map((h) => h.text())).toEqual(['This tab', 'Server'])
    for (const section of wrapper.findAll('section[aria-labelledby]')) {
      expect(wrapper.find(`#${section.attributes('aria-labelledby')}`).exists()).toBe(true)
    }
    expect(wrapper.findAll('svg[role="img"]')).toHaveLength(2)
  })

  it('shows this tab’s figures with Clean up now, and the server’s figures and level', async () => {
    const wrapper = await render(CLERK)
    const tab = sectionNamed(wrapper, 'This tab')
    expect(tab.text()).toContain('JS heap used20.0 MB')
    expect(tab.text()).toContain('JS heap limit100.0 MB')
    expect(tab.find('button').text()).toBe('Clean up now')
    const server = sectionNamed(wrapper, 'Server')
    expect(server.text()).toContain('Resident memory (RSS)180.0 MB')
    expect(server.get('[data-level]').text()).toBe('Critical')
  })

  it('offers Force cleanup to the Administrator', async () => {
    const wrapper = await render(ADMINISTRATOR)
    expect(
      sectionNamed(wrapper, 'Server')
        .findAll('button')
        .map((b) => b.text()),
    ).toEqual(['Force cleanup'])
  })

  it('does not offer Force cleanup to the clerk', async () => {
    const wrapper = await render(CLERK)
    expect(wrapper.findAll('button').map((b) => b.text())).toEqual(['Clean up now'])
  })
})
