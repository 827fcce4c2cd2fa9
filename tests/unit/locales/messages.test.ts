import { describe, expect, it } from 'vitest'
import de from '@/locales/de.json'
import en from '@/locales/en.json'

type Tree = { [key: string]: string | Tree }

/** Every message as "a.b.c" → text. */
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') out.set(path, value)
    else for (const [k, v] of flatten(value, path)) out.set(k, v)
  }
  return out
}

const english = flatten(en as Tree)
const german = flatten(de as Tree)
/** {n}, {invoice}: what the code fills in; both languages must name the same ones. */
const placeholders = (text: string) => [...new Set(text.match(/\{\w+\}/g) ?? [])].sort()

describe('message files', () => {
  it('English and German have exactly the same keys', () => {
    expect([...german.keys()].filter((key) => !english.has(key))).toEqual([])
    expect([...english.keys()].filter((key) => !german.has(key))).toEqual([])
  })

  it('no message is empty, and each German one fills in the same values as the English one', () => {
    for (const [key, text] of english) {
      expect(text.trim(), key).not.toBe('')
      expect(placeholders(german.get(key) ?? ''), key).toEqual(placeholders(text))
      // A plural ("one | many") must stay one in German.
      expect((german.get(key) ?? '').split(' | ').length, key).toBe(text.split(' | ').length)
    }
  })

  it('German is German: most messages differ from the English ones', () => {
    const same = [...english].filter(([key, text]) => german.get(key) === text).map(([key]) => key)
    // Names that are the same in both (Status, Original, OK, the app's name…) are a small minority.
    expect(same.length / english.size).toBeLessThan(0.1)
  })
})
