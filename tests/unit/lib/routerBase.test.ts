import { describe, expect, it } from 'vitest'
import { routerBase } from '@/lib/routerBase'

describe('routerBase', () => {
  it('is the files’ base when no router base is set (the embedded server)', () => {
    expect(routerBase({ BASE_URL: '/' })).toBe('/')
    expect(routerBase({ BASE_URL: '/', VITE_ROUTER_BASE: '' })).toBe('/')
  })

  it('is its own setting on a bench: pages at /scanner/, files at /assets/custom_erp/scanner/', () => {
    expect(routerBase({ BASE_URL: '/assets/custom_erp/scanner/', VITE_ROUTER_BASE: '/scanner/' })).toBe('/scanner/')
  })

  it('always starts and ends with a slash', () => {
    expect(routerBase({ BASE_URL: '/', VITE_ROUTER_BASE: 'scanner' })).toBe('/scanner/')
  })
})
