/**
 * `npm run bench:bundle`: builds the app and measures what the first page loads (the files index.html names:
 * entry, modulepreloads, stylesheets), gzipped, against issue 15's budget of 80 KB of JavaScript — the same
 * figure `npm run bench:lowend` reports, in seconds instead of minutes. Also lists which packages and source
 * folders fill those chunks (their size before minification, which ranks them; only the gzip total is the
 * budget). Writes its section of docs/benchmarks.md. `BUNDLE_NO_DOCS=1` prints without writing.
 */
import { resolve } from 'node:path'
import { build, type Plugin } from 'vite'
import { writeBenchSection } from '../support/docs'
import { initialBundle } from '../support/initialBundle'
import { describeMachine, utcMinute } from '../support/machine'

const ROOT = resolve(import.meta.dirname, '../..')
const BUDGET_KB = 80

/** "vue-i18n", "@vue/runtime-core", or a source folder such as "src/api" for a module id. */
function ownerOf(id: string): string {
  const inPackage = id.split('node_modules/').pop()!
  if (inPackage !== id)
    return inPackage
      .split('/')
      .slice(0, inPackage.startsWith('@') ? 2 : 1)
      .join('/')
  const path = id.replace(/[?#].*$/, '')
  const local = path.startsWith(ROOT) ? path.slice(ROOT.length + 1) : path
  return local
    .split('/')
    .slice(0, local.startsWith('src/') ? 2 : 1)
    .join('/')
}

/** Records, per owner, the rendered size of every module in the chunks the entry loads statically. */
function initialModules(into: Map<string, number>): Plugin {
  return {
    name: 'bench:initial-modules',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).flatMap((output) => (output.type === 'chunk' ? [output] : []))
      const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]))
      const initial = new Set<string>()
      const visit = (name: string) => {
        if (initial.has(name)) return
        initial.add(name)
        for (const imported of byName.get(name)?.imports ?? []) visit(imported)
      }
      for (const chunk of chunks) if (chunk.isEntry && chunk.facadeModuleId?.endsWith('index.html')) visit(chunk.fileName)
      for (const name of initial)
        for (const [id, module] of Object.entries(byName.get(name)?.modules ?? {}))
          into.set(ownerOf(id), (into.get(ownerOf(id)) ?? 0) + module.renderedLength)
    },
  }
}

const started = Date.now()
const owners = new Map<string, number>()
await build({ root: ROOT, logLevel: 'warn', plugins: [initialModules(owners)] })
const bundle = initialBundle(resolve(ROOT, 'dist'))
const top = [...owners].sort((a, b) => b[1] - a[1]).slice(0, 12)
const verdict = bundle.jsKb <= BUDGET_KB ? 'met' : 'missed'

const markdown = [
  `Measured ${utcMinute()} with \`npm run bench:bundle\` (${((Date.now() - started) / 1000).toFixed(0)} s, a production build included).`,
  `Machine: ${describeMachine()} Sizes do not depend on the load.`,
  '',
  '| what the first page loads | gzip |',
  '| --- | ---: |',
  ...bundle.files.map(({ file, gzipKb }) => `| \`${file.replace(/-[\w-]{8}\./, '.')}\` | ${gzipKb.toFixed(1)} KB |`),
  `| **initial JavaScript** (budget ≤ ${BUDGET_KB} KB: ${verdict}) | **${bundle.jsKb.toFixed(1)} KB** |`,
  `| initial CSS | ${bundle.cssKb.toFixed(1)} KB |`,
  '',
  'What fills the initial chunks, largest first (rendered size before minification, to rank them): ' +
    top.map(([owner, bytes]) => `${owner} ${(bytes / 1024).toFixed(1)} KB`).join(', ') +
    '.',
].join('\n')

console.log(markdown)
if (!process.env.BUNDLE_NO_DOCS) writeBenchSection('bundle', 'Initial bundle (`npm run bench:bundle`)', markdown)
