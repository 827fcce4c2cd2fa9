import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext } from 'playwright-core'

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']

/** The Chromium to drive, or a one-line instruction when there is none. */
export function findChromium(): string {
  const found = CANDIDATES.find((path): path is string => !!path && existsSync(path))
  if (!found) {
    throw new Error('No Chromium found: run `apt-get install -y chromium` or set CHROMIUM_PATH to a Chromium binary.')
  }
  return found
}

// Flags measured to work here: no GPU, no background calls out of this closed network (the camera's are below).
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-precise-memory-info',
  '--js-flags=--expose-gc',
]

/**
 * What the camera looks like to the page: `fake` is Chromium's test camera with access allowed; `denied`
 * has the camera but refuses access, as a clerk who pressed Block; `none` allows access on a device with
 * no camera at all.
 */
export type CameraSetup = 'fake' | 'denied' | 'none'

const CAMERA_FLAGS: Record<CameraSetup, string[]> = {
  fake: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  denied: ['--use-fake-device-for-media-stream', '--deny-permission-prompts'],
  none: ['--use-fake-ui-for-media-stream'],
}

export interface LaunchedChromium {
  context: BrowserContext
  browser: Browser | null
  close: () => Promise<void>
}

/**
 * Starts Debian's Chromium with a fresh profile. Returns a persistent context, since a fresh
 * `--user-data-dir` is what the flags above were measured with.
 */
export async function launchChromium(
  options: { extraArgs?: string[]; viewport?: { width: number; height: number }; camera?: CameraSetup } = {},
): Promise<LaunchedChromium> {
  const camera = options.camera ?? 'fake'
  const userDataDir = mkdtempSync(join(tmpdir(), 'scanner-chromium-'))
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: findChromium(),
    headless: true,
    args: [...FLAGS, ...CAMERA_FLAGS[camera], ...(options.extraArgs ?? [])],
    viewport: options.viewport ?? { width: 1280, height: 900 },
    permissions: camera === 'denied' ? [] : ['camera'],
  })
  return {
    context,
    browser: context.browser(),
    async close() {
      await context.close()
      rmSync(userDataDir, { recursive: true, force: true })
    },
  }
}
