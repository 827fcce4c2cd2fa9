import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { fileURLToPath, URL } from 'node:url'
import VueI18nPlugin from '@intlify/unplugin-vue-i18n/vite'
import vue from '@vitejs/plugin-vue'
import { defineConfig, type Plugin } from 'vite'
import { readerAssets } from './scripts/readerAssets'

// Where `npm run dev` sends API calls: the embedded server, or a real Frappe bench.
const backend = process.env.BACKEND_URL ?? `http://127.0.0.1:${process.env.PORT ?? 8000}`

const fromRoot = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/**
 * Writes dist/sw.js from src/serviceWorker/appShell.sw.js with this build's files (everything under
 * assets/, and the files copied from public/ such as the app icon) and a version hashed from them, the
 * template and index.html, so each build replaces the last.
 */
function appShellWorker(): Plugin {
  let publicDir = ''
  let assetsBase = '/'
  return {
    name: 'invoice-scanner:app-shell-worker',
    apply: 'build',
    configResolved(config) {
      publicDir = config.publicDir
      assetsBase = config.base
    },
    generateBundle(_options, bundle) {
      const copied = publicDir ? readdirSync(publicDir, { recursive: true, withFileTypes: true }) : []
      const publicFiles = copied
        .filter((entry) => entry.isFile())
        .map((entry) => relative(publicDir, join(entry.parentPath, entry.name)).split(sep).join('/'))
      const files = [...Object.keys(bundle).filter((name) => name.startsWith('assets/')), ...publicFiles].sort()
      const template = readFileSync(fromRoot('./src/serviceWorker/appShell.sw.js'), 'utf8')
      const version = createHash('sha256')
        .update(files.join('\n'))
        .update(template)
        .update(readFileSync(fromRoot('./index.html')))
        .digest('hex')
        .slice(0, 16)
      const source = template
        .replace('self.__APP_SHELL_FILES__', JSON.stringify(files))
        .replace('self.__APP_SHELL_VERSION__', JSON.stringify(version))
        .replace('self.__APP_SHELL_ASSETS_BASE__', JSON.stringify(assetsBase))
      this.emitFile({ type: 'asset', fileName: 'sw.js', source })
    },
  }
}

export default defineConfig({
  // Where the built files are served: a Frappe app's assets folder needs its own (npm run build:frappe).
  // The router's base is the separate VITE_ROUTER_BASE (src/lib/routerBase.ts).
  base: process.env.VITE_BASE ?? '/',
  plugins: [
    vue(),
    // Messages precompiled at build time, so the app ships vue-i18n's runtime without its message compiler.
    VueI18nPlugin({
      include: [fromRoot('./src/locales/*.json')],
      runtimeOnly: true,
      compositionOnly: true,
      fullInstall: false,
      dropMessageCompiler: true,
    }),
    appShellWorker(),
    readerAssets(),
  ],
  resolve: {
    alias: { '@': fromRoot('./src') },
  },
  worker: { format: 'es' },
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: true },
      '/private': { target: backend, changeOrigin: true },
      '/files': { target: backend, changeOrigin: true },
    },
  },
})
