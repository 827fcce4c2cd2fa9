import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { Router } from 'vue-router'
import LoginPage from '@/pages/LoginPage.vue'
import { useSessionStore } from '@/stores/session'
import { CLERK, CLERK_PASSWORD, deferred, frappeError, type FakeReply } from '../api/fakeHttp'
import { nextNavigation } from '../shell/mountApp'
import { fieldByLabel, usePageHarness } from './renderPage'

const harness = usePageHarness()
let router: Router
let wrapper: VueWrapper

async function render(path = '/login') {
  ;({ wrapper, router } = await harness.render(LoginPage, path))
  return { session: useSessionStore() }
}

const field = (label: string) => fieldByLabel(wrapper, label)

const signInButton = () => wrapper.find('button[type="submit"]')

async function submit(usr: string, pwd: string) {
  await field('Email or user name').setValue(usr)
  await field('Password').setValue(pwd)
  await wrapper.find('form').trigger('submit')
}

describe('LoginPage', () => {
  it('has labelled fields for the user and a hidden password, and a Sign in button', async () => {
    await render()
    expect(field('Email or user name').attributes('autocomplete')).toBe('username')
    expect(field('Password').attributes('type')).toBe('password')
    expect(signInButton().text()).toBe('Sign in')
  })

  it('signs in and goes where the visitor was going', async () => {
    const { session } = await render('/login?redirect=/invoices/ACC-PINV-2026-00001')
    const navigated = nextNavigation(router)
    await submit(CLERK.name, CLERK_PASSWORD)
    await navigated
    expect(session.signIn).toHaveBeenCalledWith(CLERK.name, CLERK_PASSWORD)
    expect(session.status).toBe('signed-in')
    expect(router.currentRoute.value.fullPath).toBe('/invoices/ACC-PINV-2026-00001')
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
  })

  it('shows the server’s message for wrong credentials, and stays', async () => {
    await render()
    await submit(CLERK.name, 'not-the-password')
    await flushPromises()
    expect(wrapper.find('[role="alert"]').text()).toBe('Invalid login credentials')
    expect(router.currentRoute.value.path).toBe('/login')
    expect(signInButton().attributes('disabled')).toBeUndefined()
  })

  it('shows markup in the server’s message as text, never as HTML', async () => {
    harness.fake.on('POST', '/api/method/login', {
      status: 401,
      body: frappeError('AuthenticationError', 'User <b>disabled</b> <img src=x onerror=alert(1)>'),
    })
    await render()
    await submit(CLERK.name, CLERK_PASSWORD)
    await flushPromises()
    const alert = wrapper.find('[role="alert"]')
    expect(alert.text()).toBe('User disabled')
    expect(alert.find('b').exists()).toBe(false)
    expect(alert.find('img').exists()).toBe(false)
  })

  it('says when the server cannot be reached', async () => {
    harness.fake.on('POST', '/api/method/login', { fail: 'offline' })
    await render()
    await submit(CLERK.name, CLERK_PASSWORD)
    await flushPromises()
    expect(wrapper.find('[role="alert"]').text()).toBe('Could not reach the server. Check the connection and try again.')
  })

  it('is disabled while signing in, so a double tap sends one request', async () => {
    const held = deferred<FakeReply>()
    harness.fake.on('POST', '/api/method/login', () => held.promise)
    await render()
    await submit(CLERK.name, CLERK_PASSWORD)
    expect(signInButton().attributes('disabled')).toBeDefined()
    expect(signInButton().attributes('aria-busy')).toBe('true')
    expect(field('Password').attributes('disabled')).toBeDefined()
    await wrapper.find('form').trigger('submit')
    expect(harness.fake.sentTo('/api/method/login')).toHaveLength(1)

    held.resolve({ status: 401, body: frappeError('AuthenticationError', 'Invalid login credentials') })
    await flushPromises()
    expect(signInButton().attributes('disabled')).toBeUndefined()
  })

  it('asks for both fields before sending anything', async () => {
    await render()
    await submit('   ', '')
    expect(wrapper.find('[role="alert"]').text()).toBe('Enter your email or user name and your password.')
    expect(harness.fake.requests).toHaveLength(0)
  })
})
