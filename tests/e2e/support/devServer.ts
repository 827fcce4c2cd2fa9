import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createServer } from 'vite'
import { REPO_ROOT } from './server'

export interface HarnessServer {
  /** `http://localhost:<port>`: localhost is a secure context, which WebCodecs and getUserMedia need. */
  baseUrl: string
  close: () => Promise<void>
}

/**
 * Vite's dev server over the repo root, for harness pages that run modules from src/ in real Chromium
 * without the whole app. No HMR, no file watching, and a dependency cache of its own, so it never races
 * another dev server over node_modules/.vite.
 */
export async function startHarnessServer(options: { entries?: string[] } = {}): Promise<HarnessServer> {
  const cacheDir = mkdtempSync(join(tmpdir(), 'scanner-harness-vite-'))
  const vite = await createServer({
    root: REPO_ROOT,
    configFile: resolve(REPO_ROOT, 'vite.config.ts'),
    cacheDir,
    logLevel: 'error',
    server: { host: '127.0.0.1', port: 0, hmr: false, watch: null },
    optimizeDeps: options.entries ? { entries: options.entries } : { noDiscovery: true, include: [] },
  })
  await vite.listen()
  const address = vite.httpServer?.address()
  if (!address || typeof address === 'string') throw new Error('Vite did not report the port it listens on')
  return {
    baseUrl: `http://localhost:${address.port}`,
    async close() {
      await vite.close()
      rmSync(cacheDir, { recursive: true, force: true })
    },
  }
}
