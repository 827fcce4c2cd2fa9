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

/** Levenshtein distance, stopping early once it exceeds `max` (returns max + 1 then). */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    let rowMin = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost)
      current.push(value)
      rowMin = Math.min(rowMin, value)
    }
    if (rowMin > max) return max + 1
    previous = current
  }
  return previous[b.length]!
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

/**
 * Finds the best match of any keyword (one or more words) in `lineWords`, within `allowedErrors`. A
 * keyword may also match two adjacent words run together or one word split in two by the OCR.
 */
export function findKeyword(lineWords: readonly string[], keywords: readonly string[]): KeywordMatch | null {
  let best: KeywordMatch | null = null
  for (const keyword of keywords) {
    const parts = keyword.split(' ').length
    const squashed = keyword.replace(/ /g, '')
    const max = allowedErrors(keyword)
    for (let start = 0; start < lineWords.length; start++) {
      for (const span of new Set([parts, parts + 1, Math.max(1, parts - 1)])) {
        if (start + span > lineWords.length) continue
        const slice = lineWords.slice(start, start + span)
        const distance = Math.min(editDistance(slice.join(' '), keyword, max), editDistance(slice.join(''), squashed, max))
        if (distance > max) continue
        if (!best || distance < best.distance || (distance === best.distance && squashed.length > best.keyword.replace(/ /g, '').length)) {
          best = { keyword, distance, start, span }
        }
      }
    }
  }
  return best
}
