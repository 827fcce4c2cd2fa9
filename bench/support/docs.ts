/**
 * Writes one bench's section of docs/benchmarks.md, between its own markers, leaving every other section
 * as it is. Shared by the bench scripts so each rewrites only what it measured.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'

export const BENCHMARKS_DOC = resolve(import.meta.dirname, '../../docs/benchmarks.md')

const INTRO =
  '# Benchmarks\n\nFigures measured on this code by the scripts in `bench/`. Each section is rewritten by its own script; the numbers are reported, never asserted, and vary with the machine and its load.\n'

/**
 * Replaces the text between `<!-- bench:<id>:start -->` and `<!-- bench:<id>:end -->` with `## title` and
 * `markdown`, or appends the section (creating the file) when the markers are not there yet.
 */
export function writeBenchSection(id: string, title: string, markdown: string, path = BENCHMARKS_DOC): void {
  const start = `<!-- bench:${id}:start -->`
  const end = `<!-- bench:${id}:end -->`
  const section = `${start}\n## ${title}\n\n${markdown.trim()}\n${end}`
  // Read just before writing, so a section another bench wrote meanwhile is kept.
  const current = existsSync(path) ? readFileSync(path, 'utf8') : INTRO
  const from = current.indexOf(start)
  const to = current.indexOf(end)
  const next =
    from >= 0 && to > from ? current.slice(0, from) + section + current.slice(to + end.length) : `${current.trimEnd()}\n\n${section}\n`
  writeFileSync(path, next)
}
