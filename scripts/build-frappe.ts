// `npm run build:frappe`: builds the app into the custom_erp Frappe app (frappe/custom_erp), with its two
// bases apart: pages at /scanner/ (VITE_ROUTER_BASE), files at /assets/custom_erp/scanner/ (VITE_BASE), where
// `bench build` links the app's public/ folder. index.html becomes www/scanner.html; sw.js stays in
// public/scanner/ and custom_erp serves it at /scanner/sw.js (custom_erp/service_worker.py).
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { FRAPPE_ASSETS_BASE, FRAPPE_ROUTER_BASE, toFrappeManifest, toFrappePage } from './frappePage.ts'

const root = new URL('..', import.meta.url).pathname
const app = join(root, 'frappe', 'custom_erp')
const outDir = join(app, 'public', 'scanner')

const build = spawnSync('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, VITE_BASE: FRAPPE_ASSETS_BASE, VITE_ROUTER_BASE: FRAPPE_ROUTER_BASE },
})
if (build.status !== 0) process.exit(build.status ?? 1)

const built = join(outDir, 'index.html')
const page = join(app, 'www', 'scanner.html')
writeFileSync(page, toFrappePage(readFileSync(built, 'utf8')))
// The page is Frappe's to render (with the session's token); a copy under /assets would be a page without one.
rmSync(built)
rmSync(`${built}.gz`, { force: true })

// The manifest's start_url, scope and share target point at the pages (/scanner/), not beside the file; its
// precompressed copy is written again so no server can hand out the old one.
const manifest = join(outDir, 'manifest.webmanifest')
const manifestText = toFrappeManifest(readFileSync(manifest, 'utf8'))
writeFileSync(manifest, manifestText)
if (existsSync(`${manifest}.gz`)) writeFileSync(`${manifest}.gz`, gzipSync(manifestText, { level: 9 }))
console.log(`custom_erp: ${page} and ${outDir}/ written; run \`bench build --app custom_erp\` on the bench.`)
