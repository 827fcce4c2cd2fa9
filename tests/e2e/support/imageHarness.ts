import type { Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import type { HarnessClientOptions, HarnessOutcome, ImagePipelineHarness } from '../harness/image-pipeline'
import { launchChromium, type LaunchedChromium } from './browser'
import { startHarnessServer, type HarnessServer } from './devServer'

type Harness = ImagePipelineHarness

/** The image pipeline harness page (the real client and workers, served by Vite) a test file drives. */
export interface ImageHarnessUnderTest {
  /** The harness page; read it inside tests and hooks, not at the top of the file. */
  readonly page: Page
  /** Calls one of the harness's functions in the page. */
  call<K extends keyof Harness>(name: K, ...args: Parameters<Harness[K]>): Promise<Awaited<ReturnType<Harness[K]>>>
  /** Makes the harness's client anew, with `options`. */
  newClient(options?: HarnessClientOptions): Promise<void>
  /** Puts `bytes` into the page as a Blob under `key`. */
  putBytes(key: string, bytes: Uint8Array, type?: string): Promise<void>
}

/**
 * Registers a `beforeAll` that starts Vite's dev server, Chromium and the harness page (ready when it says so),
 * and an `afterAll` that closes them.
 */
export function useImageHarness(): ImageHarnessUnderTest {
  let vite: HarnessServer | undefined
  let chromium: LaunchedChromium | undefined
  let page: Page | undefined
  beforeAll(async () => {
    vite = await startHarnessServer()
    chromium = await launchChromium()
    page = await chromium.context.newPage()
    // localhost is a secure context, which WebCodecs needs.
    await page.goto(`${vite.baseUrl}/tests/e2e/harness/image-pipeline.html`)
    await page.waitForSelector('body[data-ready="true"]')
  })
  afterAll(async () => {
    await chromium?.close()
    await vite?.close()
  })
  const harness: ImageHarnessUnderTest = {
    get page() {
      if (!page) throw new Error('The harness page is opened in beforeAll: read it inside a test or hook.')
      return page
    },
    call: (name, ...args) =>
      harness.page.evaluate(
        ([n, a]) => (window as unknown as { harness: Record<string, (...x: unknown[]) => unknown> }).harness[n]!(...a),
        [name, args] as const,
      ) as never,
    newClient: async (options = {}) => void (await harness.call('createClient', options)),
    putBytes: async (key, bytes, type = 'image/jpeg') =>
      void (await harness.call('putBase64', key, Buffer.from(bytes).toString('base64'), type)),
  }
  return harness
}

/** Fails the test with the refusal's words when the harness refused the photo. */
export function expectOk(outcome: HarnessOutcome): asserts outcome is Extract<HarnessOutcome, { ok: true }> {
  if (!outcome.ok) throw new Error(`${outcome.fileName} was refused: ${outcome.message}`)
}
