import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { preloadLandingPage } from '@/router'

const page = (title: string) => defineComponent({ name: title, setup: () => () => h('h1', title) })

/** A router opened at `path` whose guard waits, as the session check does on a slow network, and lazy pages that count their loads. */
function openAt(path: string): { router: Router; loads: { scan: ReturnType<typeof vi.fn>; status: ReturnType<typeof vi.fn> } } {
  const loads = { scan: vi.fn(async () => page('Scanner')), status: vi.fn(async () => page('Status')) }
  const history = createMemoryHistory()
  history.replace(path)
  const router = createRouter({
    history,
    routes: [
      { path: '/', redirect: '/scan' },
      { path: '/scan', name: 'scan', component: loads.scan },
      { path: '/status', name: 'status', component: loads.status },
    ],
  })
  router.beforeEach(() => new Promise<boolean>(() => undefined))
  return { router, loads }
}

describe('preloadLandingPage', () => {
  it('fetches the page the app opens on while the session is still being checked', () => {
    const { router, loads } = openAt('/status')
    void router.push('/status')
    preloadLandingPage(router)
    expect(loads.status).toHaveBeenCalledTimes(1)
    expect(loads.scan).not.toHaveBeenCalled()
    expect(router.currentRoute.value.path).toBe('/')
  })

  it('follows the redirect from / to the Scanner', () => {
    const { router, loads } = openAt('/')
    preloadLandingPage(router)
    expect(loads.scan).toHaveBeenCalledTimes(1)
    expect(loads.status).not.toHaveBeenCalled()
  })

  it('leaves a page that failed to load for the router to try again', async () => {
    const { router, loads } = openAt('/status')
    loads.status.mockRejectedValueOnce(new Error('offline'))
    preloadLandingPage(router)
    await vi.waitFor(() => expect(loads.status).toHaveBeenCalledTimes(1))
    const record = router.getRoutes().find((route) => route.name === 'status')!
    expect(record.components?.default).toBe(loads.status)
  })
})
