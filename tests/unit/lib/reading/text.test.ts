import { describe, expect, it } from 'vitest'
import { editDistance, findKeyword, words } from '@/lib/reading/text'

/** The textbook Levenshtein distance, a full table per call: what editDistance must agree with. */
function reference(a: string, b: string): number {
  const table = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i ? (j ? 0 : i) : j)))
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      table[i]![j] = Math.min(table[i - 1]![j]! + 1, table[i]![j - 1]! + 1, table[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
  return table[a.length]![b.length]!
}

describe('editDistance', () => {
  it('agrees with the textbook distance, and says max + 1 beyond max, for short and long words alike', () => {
    let seed = 3
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff
    const word = (length: number) => Array.from({ length }, () => 'aeiorstuß'[Math.floor(random() * 9)]).join('')
    for (let round = 0; round < 400; round++) {
      // Up to 90 letters: longer than the rows kept between calls at first, so they must grow.
      const a = word(Math.floor(random() * (round % 50 ? 12 : 90)))
      const b = word(Math.floor(random() * (round % 50 ? 12 : 90)))
      const exact = reference(a, b)
      expect(editDistance(a, b)).toBe(exact)
      for (const max of [0, 1, 2]) expect(editDistance(a, b, max)).toBe(exact > max ? max + 1 : exact)
    }
  })
})

describe('findKeyword', () => {
  it('finds a keyword read with OCR errors, split in two or run together, and prefers the closest and longest', () => {
    expect(findKeyword(words('Tatal EUR 12,40'), ['total'])).toEqual({ keyword: 'total', distance: 1, start: 0, span: 1 })
    expect(findKeyword(words('Rilckgeld 3,00'), ['ruckgeld'])).toMatchObject({ distance: 2, start: 0 })
    expect(findKeyword(words('Rechnungs nummer 815'), ['rechnungsnummer'])).toMatchObject({ distance: 0, start: 0, span: 2 })
    expect(findKeyword(words('Zwischen summe'), ['zwischensumme', 'summe'])).toMatchObject({ keyword: 'zwischensumme', distance: 0 })
    expect(findKeyword(words('Bon Nr 12'), ['total', 'summe'])).toBeNull()
    // Short words must match exactly: "Dat" is not "date".
    expect(findKeyword(words('Dat 12.05.2020'), ['date'])).toBeNull()
  })

  it('answers the same for a keyword list asked again (prepared once, not changed by the lines before)', () => {
    const keywords = ['summe', 'total', 'zu zahlen']
    const lines = ['SUMME 2,49', 'Zu zahlen 4,00', 'zuzahlen 1,00', 'nichts']
    const first = lines.map((line) => findKeyword(words(line), keywords))
    expect(lines.map((line) => findKeyword(words(line), keywords))).toEqual(first)
    expect(first.map((match) => match?.keyword ?? null)).toEqual(['summe', 'zu zahlen', 'zu zahlen', null])
  })
})
