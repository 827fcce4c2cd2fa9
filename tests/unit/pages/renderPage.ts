import { createTestingPinia, type TestingPinia } from '@pinia/testing'
import { mount, type VueWrapper } from '@vue/test-utils'
import { disposePinia } from 'pinia'
import { afterEach, beforeEach, expect, vi } from 'vitest'
import type { Component } from 'vue'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { configureClient } from '@/api/client'
import { installFakeHttp, resetClient, routeFrappeSession, type FakeHttp } from '../api/fakeHttp'
import { shellRoutes } from '../shell/mountApp'

/** A fresh client in front of a fake Frappe whose visitor is not signed in yet. */
export function startSignedOutFrappe(): FakeHttp {
  resetClient(configureClient)
  const fake = installFakeHttp()
  routeFrappeSession(fake, { signedIn: false })
  return fake
}

export interface RenderedPage {
  wrapper: VueWrapper
  router: Router
  pinia: TestingPinia
  /** Unmounts and stops the stores. */
  unmount: () => void
}

/** Mounts one page at `path` with the real route table and a testing Pinia whose actions run for real. */
export async function renderPage(page: Component, path: string): Promise<RenderedPage> {
  const router = createRouter({ history: createMemoryHistory(), routes: shellRoutes() })
  await router.push(path)
  const pinia = createTestingPinia({ createSpy: vi.fn, stubActions: false })
  const wrapper = mount(page, { global: { plugins: [pinia, router] }, attachTo: document.body })
  return {
    wrapper,
    router,
    pinia,
    unmount() {
      wrapper.unmount()
      disposePinia(pinia)
    },
  }
}

/** The form control a visible label names, as a user finds it. */
export function fieldByLabel(wrapper: VueWrapper, label: string) {
  const labelEl = wrapper.findAll('label').find((candidate) => candidate.text() === label)
  expect(labelEl, `a field labelled ${label}`).toBeDefined()
  return wrapper.find(`#${CSS.escape(String(labelEl!.attributes('for')))}`)
}

export interface PageHarness {
  /** This test's fake Frappe (signed out until the page signs in). */
  readonly fake: FakeHttp
  /** Mounts `page` at `path`; unmounted after the test. */
  render: (page: Component, path: string) => Promise<RenderedPage>
}

/** Gives every test in the file a fresh signed-out fake Frappe and unmounts what it rendered. */
export function usePageHarness(): PageHarness {
  let fake: FakeHttp | undefined
  let rendered: RenderedPage | undefined
  beforeEach(() => {
    fake = startSignedOutFrappe()
  })
  afterEach(() => {
    rendered?.unmount()
    rendered = undefined
    fake?.restore()
  })
  return {
    get fake() {
      if (!fake) throw new Error('the fake Frappe starts in beforeEach')
      return fake
    },
    async render(page, path) {
      rendered = await renderPage(page, path)
      return rendered
    },
  }
}
