/** Lower case, accents and umlauts folded (ü → u, ß → ss), anything but letters and digits a space. */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
}

/** The words of a line after `foldText`. */
export function words(text: string): string[] {
  const folded = foldText(text)
  return folded ? folded.split(' ') : []
}

// Two rows of the distance table, kept between calls: the reader compares thousands of word pairs per page, and
// allocating rows for each made it a main-thread task of several hundred ms on a slow phone (bench:lowend).
let previousRow = new Int32Array(64)
let currentRow = new Int32Array(64)

/** Levenshtein distance, stopping early once it exceeds `max` (returns max + 1 then). */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1
  if (max === 0) return a === b ? 0 : 1
  if (previousRow.length <= b.length) {
    previousRow = new Int32Array(b.length + 1)
    currentRow = new Int32Array(b.length + 1)
  }
  let previous = previousRow
  let current = currentRow
  for (let j = 0; j <= b.length; j++) previous[j] = j
  for (let i = 1; i <= a.length; i++) {
    current[0] = i
    let rowMin = i
    const letter = a.charCodeAt(i - 1)
    for (let j = 1; j <= b.length; j++) {
      const cost = letter === b.charCodeAt(j - 1) ? 0 : 1
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost)
      current[j] = value
      if (value < rowMin) rowMin = value
    }
    if (rowMin > max) return max + 1
    ;[previous, current] = [current, previous]
  }
  // The last row can hold a distance beyond max although an earlier cell of it did not.
  return Math.min(previous[b.length]!, max + 1)
}

/**
 * How many OCR errors a keyword of this length may carry: none under five letters (too many short words
 * look alike), one up to six ("Tatal"), two from seven ("Rückgeld" read as "Rilckgeld").
 */
export function allowedErrors(keyword: string): number {
  const letters = keyword.replace(/ /g, '').length
  if (letters < 5) return 0
  return letters < 7 ? 1 : 2
}

/** Where a keyword was found in a line's words, and with how many errors. */
export interface KeywordMatch {
  keyword: string
  distance: number
  /** Index of the first word matched and how many words it spans. */
  start: number
  span: number
}

/** A keyword as findKeyword compares it: its words joined with and without spaces, the spans tried, the errors allowed. */
interface PreparedKeyword {
  keyword: string
  squashed: string
  max: number
  /** Word counts tried: its own, one more (a word split in two), one fewer (two run together). */
  spans: number[]
}

const prepared = new WeakMap<readonly string[], PreparedKeyword[]>()

/** The keyword lists are module constants: each is prepared once, not for every line of every page. */
function prepare(keywords: readonly string[]): PreparedKeyword[] {
  let list = prepared.get(keywords)
  if (!list) {
    list = keywords.map((keyword) => {
      const parts = keyword.split(' ').length
      return {
        keyword,
        squashed: keyword.replace(/ /g, ''),
        max: allowedErrors(keyword),
        spans: [...new Set([parts, parts + 1, Math.max(1, parts - 1)])],
      }
    })
    prepared.set(keywords, list)
  }
  return list
}

/**
 * Finds the best match of any keyword (one or more words) in `lineWords`, within `allowedErrors`. A
 * keyword may also match two adjacent words run together or one word split in two by the OCR.
 */
export function findKeyword(lineWords: readonly string[], keywords: readonly string[]): KeywordMatch | null {
  let best: KeywordMatch | null = null
  let bestLength = 0
  // The line's runs of words, joined with and without spaces, made once per run rather than once per keyword.
  const joined = new Map<number, [string, string]>()
  const run = (start: number, span: number): [string, string] => {
    const key = start * 64 + span
    let pair = joined.get(key)
    if (!pair) {
      const slice = lineWords.slice(start, start + span)
      pair = [slice.join(' '), slice.join('')]
      joined.set(key, pair)
    }
    return pair
  }
  for (const { keyword, squashed, max, spans } of prepare(keywords)) {
    for (let start = 0; start < lineWords.length; start++) {
      for (const span of spans) {
        if (start + span > lineWords.length) continue
        const [spaced, together] = run(start, span)
        // Too long or too short to be within `max` either way: no table needed.
        if (Math.abs(spaced.length - keyword.length) > max && Math.abs(together.length - squashed.length) > max) continue
        const distance = Math.min(editDistance(spaced, keyword, max), editDistance(together, squashed, max))
        if (distance > max) continue
        if (!best || distance < best.distance || (distance === best.distance && squashed.length > bestLength)) {
          best = { keyword, distance, start, span }
          bestLength = squashed.length
        }
      }
    }
  }
  return best
}
