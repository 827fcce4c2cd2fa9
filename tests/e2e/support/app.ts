import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import type { RunningServer } from './server'

/** Signs in through the real sign-in page, as a clerk would, and waits for the Scanner. */
export async function signIn(page: Page, server: RunningServer, user: { usr: string; pwd: string }): Promise<void> {
  await page.goto(`${server.url}/login`)
  await page.getByLabel('Email or user name').fill(user.usr)
  await page.getByLabel('Password').fill(user.pwd)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL(/\/scan$/)
  expect(new URL(page.url()).pathname).toBe('/scan')
}
