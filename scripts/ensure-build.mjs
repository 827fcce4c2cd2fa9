// `npm start` serves dist/: build it when it is missing or older than the sources, so a fresh clone
// needs only `npm ci && npm start`.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const builtIndex = join(root, 'dist', 'index.html')

function newestMtime(path) {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))))
}

const sources = ['src', 'public', 'index.html', 'vite.config.ts'].map((p) => join(root, p)).filter(existsSync)
const stale = !existsSync(builtIndex) || Math.max(...sources.map(newestMtime)) > statSync(builtIndex).mtimeMs

if (stale) {
  console.log('Building the app (dist/ is missing or older than src/)…')
  const result = spawnSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit' })
  process.exit(result.status ?? 1)
}
