import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { signIn } from './support/app'
import { launchChromium, type LaunchedChromium } from './support/browser'
import { CLERK, startServer, type RunningServer } from './support/server'

let server: RunningServer
let chromium: LaunchedChromium
let page: Page

beforeAll(async () => {
  server = await startServer()
  chromium = await launchChromium()
  page = await chromium.context.newPage()
})
afterAll(async () => {
  await chromium?.close()
  await server?.stop()
})

it('sends a signed-out visitor to the sign-in page and back to where they were going', async () => {
  await page.goto(`${server.url}/invoices`)
  await page.waitForURL(/\/login\?redirect=/)
  await expect(page.getByRole('button', { name: 'Sign in' }).isVisible()).resolves.toBe(true)
})

it('shows the server’s message for a wrong password', async () => {
  await page.goto(`${server.url}/login`)
  await page.getByLabel('Email or user name').fill(CLERK.usr)
  await page.getByLabel('Password').fill('not-the-password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('alert').textContent()).resolves.toMatch(/Invalid login credentials/i)
})

it('signs the demo clerk in, lands on the Scanner, stays signed in across a reload, and signs out', async () => {
  await signIn(page, server, CLERK)
  await expect(page.getByRole('heading', { name: 'Scanner' }).isVisible()).resolves.toBe(true)
  await expect(page.getByText(CLERK.fullName).first().isVisible()).resolves.toBe(true)

  await page.reload()
  await page.getByRole('heading', { name: 'Scanner' }).waitFor()
  expect(new URL(page.url()).pathname).toBe('/scan')
  await expect(page.getByText(CLERK.fullName).first().isVisible()).resolves.toBe(true)

  await page.getByRole('button', { name: 'Sign out' }).click()
  await page.waitForURL(/\/login/)
  await page.goto(`${server.url}/scan`)
  await page.waitForURL(/\/login\?redirect=/)
})
