import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Builder, By, type WebDriver } from 'selenium-webdriver'
import { pageExpression, type EnginePage } from './engine'

const DRIVER = '/usr/bin/WebKitWebDriver'
const XVFB_RUN = '/usr/bin/xvfb-run'
const MINIBROWSER = ['/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser', '/usr/libexec/webkit2gtk-4.1/MiniBrowser'].find((p) =>
  existsSync(p),
)
const LAUNCHER = resolve(import.meta.dirname, '../webkit-launcher.py')
const GI_TYPELIB = ['/usr/lib/x86_64-linux-gnu/girepository-1.0/WebKit2-4.1.typelib'].find((p) => existsSync(p))

/** Whether WebKitGTK can be driven here (`apt-get install -y webkit2gtk-driver xvfb`). */
export const hasWebKit = existsSync(DRIVER) && existsSync(XVFB_RUN) && !!MINIBROWSER
/** Whether the persistent-profile launcher can run (`apt-get install -y python3-gi gir1.2-webkit2-4.1`). */
export const hasWebKitLauncher = hasWebKit && !!GI_TYPELIB

/**
 * `private`: MiniBrowser in automation mode, whose session is always ephemeral — what Safari's Private
 * Browsing uses. `persistent`: our launcher with a data directory on disk, as a normal Safari window.
 */
export type WebKitProfile = 'private' | 'persistent'

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer()
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => done(port))
    })
  })
}

async function waitForDriver(url: string, driver: ChildProcess, output: () => string): Promise<void> {
  const end = Date.now() + 30_000
  while (Date.now() < end) {
    if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited with ${driver.exitCode}:\n${output()}`)
    try {
      if ((await fetch(`${url}/status`)).ok) return
    } catch {
      // Not listening yet.
    }
    await new Promise((done) => setTimeout(done, 100))
  }
  throw new Error(`WebKitWebDriver did not answer in 30 s:\n${output()}`)
}

/** Starts WebKitWebDriver under xvfb-run (WebKitGTK needs a display) and a WebKitGTK browser in `profile`. */
export async function launchWebKit(profile: WebKitProfile): Promise<EnginePage> {
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), 'scanner-webkit-'))
  let output = ''
  // -a picks a free display number; the driver and the browser it starts share that display.
  const driverProcess = spawn(XVFB_RUN, ['-a', '-s', '-screen 0 1280x1024x24', DRIVER, `--port=${port}`, '--host=127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  driverProcess.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  driverProcess.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const stop = () => {
    // xvfb-run, Xvfb, the driver and the browser are one process group, started here.
    if (driverProcess.pid && driverProcess.exitCode === null) {
      try {
        process.kill(-driverProcess.pid, 'SIGTERM')
      } catch {
        // Already gone.
      }
    }
    rmSync(dataDir, { recursive: true, force: true })
  }
  try {
    const url = `http://127.0.0.1:${port}`
    await waitForDriver(url, driverProcess, () => output)
    const browserOptions =
      profile === 'private'
        ? { binary: MINIBROWSER, args: ['--automation'] }
        : { binary: '/usr/bin/python3', args: [LAUNCHER, '--data-dir', dataDir] }
    const driver: WebDriver = await new Builder()
      .usingServer(url)
      .withCapabilities({
        browserName: profile === 'private' ? 'MiniBrowser' : 'scanner-webkit-launcher',
        'webkitgtk:browserOptions': browserOptions,
      })
      .build()
    // Every script a test runs answers in well under a second. A script WebKitGTK never answers (one sent as a
    // reloaded page settles, seen once in a full run under load) then costs one poll of waitFor, not its budget.
    await driver.manage().setTimeouts({ script: 15_000, pageLoad: 60_000 })
    return pageOf(driver, profile, async () => {
      await driver.quit().catch(() => undefined)
      stop()
    })
  } catch (error) {
    stop()
    throw error
  }
}

function pageOf(driver: WebDriver, profile: WebKitProfile, close: () => Promise<void>): EnginePage {
  const name = profile === 'private' ? 'WebKit (Private Browsing)' : 'WebKit (persistent profile)'
  return {
    name,
    async goto(url) {
      await driver.get(url)
    },
    async reload() {
      await driver.navigate().refresh()
    },
    async run<T>(body: string, ...args: unknown[]) {
      const answer = (await driver.executeAsyncScript(
        `const done = arguments[arguments.length - 1];
         ${pageExpression(body, args)}.then((value) => done({ value }), (error) => done({ error: String(error && error.stack || error) }))`,
      )) as { value?: T; error?: string }
      if (answer.error) throw new Error(`${name}: ${answer.error}`)
      return answer.value as T
    },
    async click(selector) {
      await driver.findElement(By.css(selector)).click()
    },
    async type(selector, text) {
      await driver.findElement(By.css(selector)).sendKeys(text)
    },
    async setFiles(selector, paths) {
      // WebDriver chooses several files as one string of paths, one per line.
      await driver.findElement(By.css(selector)).sendKeys(paths.join('\n'))
    },
    close,
  }
}
