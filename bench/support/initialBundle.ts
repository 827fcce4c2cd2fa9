/**
 * What the first page loads before anything else: the entry script, its modulepreloads and stylesheets, as
 * index.html names them, each gzipped at level 9. Shared by `npm run bench:bundle` and `npm run bench:lowend`.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

export interface InitialFile {
  file: string
  gzipKb: number
}

export interface InitialBundle {
  jsKb: number
  cssKb: number
  files: InitialFile[]
  /** "assets/index-….js 22.5 KB" for each file. */
  sizes: string[]
}

/** Reads dist/index.html (after `vite build`) and sums the gzipped JavaScript and CSS it loads. */
export function initialBundle(dist: string): InitialBundle {
  const html = readFileSync(join(dist, 'index.html'), 'utf8')
  const refs = [...html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((match) => match[1]!)
  const files = refs.map((file) => ({ file, gzipKb: gzipSync(readFileSync(join(dist, file)), { level: 9 }).length / 1024 }))
  const sum = (extension: string) => files.filter(({ file }) => file.endsWith(extension)).reduce((total, { gzipKb }) => total + gzipKb, 0)
  return { jsKb: sum('.js'), cssKb: sum('.css'), files, sizes: files.map(({ file, gzipKb }) => `${file} ${gzipKb.toFixed(1)} KB`) }
}
