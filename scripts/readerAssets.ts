import { createReadStream, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { Plugin } from 'vite'

const require = createRequire(import.meta.url)
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`))

/**
 * The files tesseract.js loads at run time, by the names it asks for. It fetches
 * `<langPath>/<lang>.traineddata.gz` and picks a core file from `corePath` by the browser's SIMD support,
 * so these keep fixed names rather than Vite's hashed ones.
 */
function readerFiles(): Record<string, string> {
  const core = packageDir('tesseract.js-core')
  return {
    'worker.min.js': join(packageDir('tesseract.js'), 'dist/worker.min.js'),
    'tesseract-core-lstm.wasm.js': join(core, 'tesseract-core-lstm.wasm.js'),
    'tesseract-core-simd-lstm.wasm.js': join(core, 'tesseract-core-simd-lstm.wasm.js'),
    'tesseract-core-relaxedsimd-lstm.wasm.js': join(core, 'tesseract-core-relaxedsimd-lstm.wasm.js'),
    // best_int: the integer LSTM models, a quarter of the size of "best" and as good on print.
    'eng.traineddata.gz': join(packageDir('@tesseract.js-data/eng'), '4.0.0_best_int/eng.traineddata.gz'),
    'deu.traineddata.gz': join(packageDir('@tesseract.js-data/deu'), '4.0.0_best_int/deu.traineddata.gz'),
  }
}

/** Where the reader's files are served, below the app's base: outside assets/, so the app shell does not precache ~20 MB. */
export const READER_DIR = 'reader'

/**
 * Serves the document reader's engine files (worker, WebAssembly cores, language data) from the app's own
 * origin: copied into dist/reader/ by the build, and served from node_modules by the dev server. Nothing
 * comes from a CDN, and nothing is in the initial JavaScript.
 */
export function readerAssets(): Plugin {
  const files = readerFiles()
  return {
    name: 'invoice-scanner:reader-assets',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const match = req.url?.match(new RegExp(`/${READER_DIR}/([^/?]+)`))
        const file = match && files[match[1]!]
        if (!file) return next()
        res.setHeader('Content-Type', file.endsWith('.js') ? 'text/javascript' : 'application/octet-stream')
        createReadStream(file).pipe(res)
      })
    },
    generateBundle() {
      for (const [name, file] of Object.entries(files))
        this.emitFile({ type: 'asset', fileName: `${READER_DIR}/${name}`, source: readFileSync(file) })
    },
  }
}
