import { editDistance, words } from './text'

/** A supplier as the Supplier list gives it. */
export interface SupplierName {
  name: string
  supplier_name?: string
}

/** The best supplier for the page: chosen when confident, otherwise offered as a suggestion. */
export interface SupplierMatch {
  supplier: SupplierName
  /** 0–1: how much of the supplier's name was found, less the OCR errors. */
  score: number
  /** True when the match is confident enough to fill the field. */
  confident: boolean
  source: string
}

// Legal forms and filler say nothing about which supplier it is.
const NOISE = new Set([
  'gmbh',
  'co',
  'kg',
  'ag',
  'ohg',
  'ug',
  'ek',
  'e',
  'k',
  'mbh',
  'ltd',
  'limited',
  'inc',
  'llc',
  'plc',
  'sa',
  'sarl',
  'sas',
  'bv',
  'nv',
  'und',
  'and',
  'the',
  'der',
  'die',
  'das',
  'de',
  'la',
  'le',
  'et',
])

function coreWords(name: string): string[] {
  return words(name).filter((word) => !NOISE.has(word) && word.length > 1)
}

/** How well the supplier's core words appear in one line: 1 is every word exactly, less per OCR error. */
function lineScore(core: readonly string[], lineWords: readonly string[]): number {
  if (!core.length || !lineWords.length) return 0
  const joined = lineWords.join('')
  let letters = 0
  let errors = 0
  for (const word of core) {
    letters += word.length
    const max = Math.floor(word.length / 4)
    // A name printed without its spaces ("MediaMarkt" for "Media Markt"), or split by the OCR, still counts.
    let best = joined.includes(word) ? 0 : max + 1
    const pairs = lineWords.slice(1).map((w, i) => lineWords[i]! + w)
    for (const candidate of [...lineWords, ...pairs]) best = Math.min(best, editDistance(word, candidate, max))
    errors += best > max ? word.length : best
  }
  return Math.max(0, 1 - errors / letters)
}

/**
 * Matches the top lines of the page (where the letterhead is) against the Supplier list by name. A match
 * is confident when every word of the name was found with at most one OCR error in ten letters, the name has
 * four letters or more, and no other supplier comes close; otherwise the best match above half is a
 * suggestion. Returns null when nothing is near.
 */
export function matchSupplier(text: string, suppliers: readonly SupplierName[], topLines = 10): SupplierMatch | null {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => words(line).length > 0)
    .slice(0, topLines)
  const lineWords = lines.map((line) => words(line))
  const scored = suppliers
    .map((supplier) => {
      let best = { score: 0, source: '' }
      for (const label of new Set([supplier.supplier_name, supplier.name].filter((n): n is string => !!n))) {
        const core = coreWords(label)
        if (!core.join('').length) continue
        lineWords.forEach((w, i) => {
          const score = lineScore(core, w)
          if (score > best.score) best = { score, source: lines[i]! }
        })
      }
      return { supplier, ...best, letters: coreWords(supplier.supplier_name || supplier.name).join('').length }
    })
    .filter((s) => s.score >= 0.5)
    .sort((a, b) => b.score - a.score)
  const best = scored[0]
  if (!best) return null
  const runnerUp = scored[1]?.score ?? 0
  const confident = best.score >= 0.9 && best.letters >= 4 && best.score - runnerUp >= 0.2
  return { supplier: best.supplier, score: best.score, confident, source: best.source }
}
