import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { externalBackend, startServer, type RunningServer } from '../support/server'
import { launchChromiumEngine } from './support/chromium'
import type { EnginePage } from './support/engine'
import { hasFirefox, launchFirefox } from './support/firefox'
import { expectWhole, runJourney, serverInvoice, signIn } from './support/journey'
import { hasWebKit, hasWebKitLauncher, launchWebKit } from './support/webkit'

/**
 * The clerk's journey, the same steps in every engine: Chromium, Debian's Firefox ESR (Gecko) and WebKitGTK
 * (Safari's engine) both in its ephemeral mode (Safari's Private Browsing) and with a profile on disk.
 * The engines are Debian packages (.ci/run installs them); a machine without them fails here, loudly.
 */
const OWN_ACCOUNTING = 'The app’s own accounting (this browser reports no JS heap)'

const ENGINES: {
  name: string
  installed: boolean
  launch: () => Promise<EnginePage>
  private: boolean
  install: string
  memorySource: string
}[] = [
  {
    name: 'Chromium',
    installed: true,
    launch: launchChromiumEngine,
    private: false,
    install: 'chromium',
    memorySource: 'The browser’s JS heap (performance.memory)',
  },
  {
    name: 'Firefox ESR',
    installed: hasFirefox,
    launch: launchFirefox,
    private: false,
    install: 'firefox-esr',
    memorySource: OWN_ACCOUNTING,
  },
  {
    name: 'WebKit (Private Browsing)',
    installed: hasWebKit,
    launch: () => launchWebKit('private'),
    private: true,
    install: 'webkit2gtk-driver xvfb',
    memorySource: OWN_ACCOUNTING,
  },
  {
    name: 'WebKit (persistent profile)',
    installed: hasWebKitLauncher,
    launch: () => launchWebKit('persistent'),
    private: false,
    install: 'webkit2gtk-driver xvfb python3-gi gir1.2-webkit2-4.1',
    memorySource: OWN_ACCOUNTING,
  },
]

let server: RunningServer
beforeAll(async () => {
  // Each request in the server's log, so a send that never ends says which requests arrived and their answers.
  server = await startServer(externalBackend() ? {} : { env: { LOG_LEVEL: 'debug' } })
})
afterAll(async () => {
  await server?.stop()
})

describe.each(ENGINES)('$name', (engine) => {
  let page: EnginePage | null = null
  afterAll(async () => {
    await page?.close()
  })

  it('signs in, adds photos with whole thumbnails that survive a reload, and sends the invoice with every page', async () => {
    expect(engine.installed, `${engine.name} is not installed: apt-get install -y ${engine.install}`).toBe(true)
    page = await engine.launch()
    await signIn(page, server)
    const result = await runJourney(page, server, { private: engine.private })
    expectWhole(result.thumbsBeforeReload, engine.name)
    expectWhole(result.thumbsAfterReload, engine.name)
    expect(result.memorySource).toBe(engine.memorySource)
    expect(await serverInvoice(server, result.invoice)).toEqual({ lines: 3, total: 29.25, attachments: 3 })
    // WebKit without SIMD runs the page reader's WebAssembly beside the journey on two cores: give it room.
  }, 300_000)
})
