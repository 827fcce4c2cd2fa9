import { expect, it } from 'vitest'
import { signIn, useApp } from './support/app'
import { CLERK } from './support/server'

const app = useApp()

it('sends a signed-out visitor to the sign-in page and back to where they were going', async () => {
  await app.page.goto(`${app.server.appUrl}/invoices`)
  await app.page.waitForURL(/\/login\?redirect=/)
  await expect(app.page.getByRole('button', { name: 'Sign in' }).isVisible()).resolves.toBe(true)
})

it('shows the server’s message for a wrong password', async () => {
  await app.page.goto(`${app.server.appUrl}/login`)
  await app.page.getByLabel('Email or user name').fill(CLERK.usr)
  await app.page.getByLabel('Password').fill('not-the-password')
  await app.page.getByRole('button', { name: 'Sign in' }).click()
  await expect(app.page.getByRole('alert').textContent()).resolves.toMatch(/Invalid login credentials/i)
})

it('signs the demo clerk in, lands on the Scanner, stays signed in across a reload, and signs out', async () => {
  await signIn(app.page, app.server, CLERK)
  await expect(app.page.getByRole('heading', { name: 'Scanner' }).isVisible()).resolves.toBe(true)
  await expect(app.page.getByText(CLERK.fullName).first().isVisible()).resolves.toBe(true)

  await app.page.reload()
  await app.page.getByRole('heading', { name: 'Scanner' }).waitFor()
  expect(new URL(app.page.url()).pathname).toBe(`${new URL(app.server.appUrl).pathname.replace(/\/$/, '')}/scan`)
  await expect(app.page.getByText(CLERK.fullName).first().isVisible()).resolves.toBe(true)

  await app.page.getByRole('button', { name: 'Sign out' }).click()
  await app.page.waitForURL(/\/login/)
  await app.page.goto(`${app.server.appUrl}/scan`)
  await app.page.waitForURL(/\/login\?redirect=/)
})
