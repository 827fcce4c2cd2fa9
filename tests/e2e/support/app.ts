import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect } from 'vitest'
import { launchChromium, type CameraSetup, type LaunchedChromium } from './browser'
import { startServer, type RunningServer, type StartServerOptions } from './server'

/** Signs in through the real sign-in page, as a clerk would, and waits for the Scanner. */
export async function signIn(page: Page, server: RunningServer, user: { usr: string; pwd: string }): Promise<void> {
  // The SPA's own sign-in page (on a bench /scanner/login; Frappe's /login is another page).
  await page.goto(`${server.appUrl}/login`)
  await page.getByLabel('Email or user name').fill(user.usr)
  await page.getByLabel('Password').fill(user.pwd)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL(/\/scan$/)
  expect(new URL(page.url()).pathname).toBe(`${new URL(server.appUrl).pathname.replace(/\/$/, '')}/scan`)
}

/** The running app a test file drives; the fields are filled in by `useApp`'s `beforeAll`. */
export interface AppUnderTest {
  server: RunningServer
  chromium: LaunchedChromium
  page: Page
}

export interface UseAppOptions {
  server?: StartServerOptions
  viewport?: { width: number; height: number }
  /** Chromium's test camera by default. */
  camera?: CameraSetup
  /** More Chromium flags (e.g. `--use-file-for-fake-video-capture=` for a camera that films a receipt). */
  chromiumArgs?: string[]
  /** Runs in every page before the app's own scripts (e.g. to count object URLs). */
  initScript?: () => void
  /** Signs this user in before the first test. */
  signInAs?: { usr: string; pwd: string }
}

/**
 * Registers a `beforeAll` that starts the server, Chromium and one page (signed in when asked), and an
 * `afterAll` that closes them. Read the fields inside tests and hooks, not at the top of the file. A test
 * may replace `server` (a restart); the one there at the end is stopped.
 */
export function useApp(options: UseAppOptions = {}): AppUnderTest {
  const app = {} as AppUnderTest
  beforeAll(async () => {
    app.server = await startServer(options.server)
    app.chromium = await launchChromium({ viewport: options.viewport, camera: options.camera, extraArgs: options.chromiumArgs })
    if (options.initScript) await app.chromium.context.addInitScript(options.initScript)
    app.page = await app.chromium.context.newPage()
    if (options.signInAs) await signIn(app.page, app.server, options.signInAs)
  })
  afterAll(async () => {
    await app.chromium?.close()
    await app.server?.stop()
  })
  return app
}
