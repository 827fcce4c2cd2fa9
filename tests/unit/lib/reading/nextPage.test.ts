import { describe, expect, it } from 'vitest'
import { nextPageToRead, type PageToRead } from '@/lib/reading/nextPage'

const page = (id: string, problems: string[] = [], kind = 'image', created = 10): PageToRead => ({ id, kind, created, problems })
const choose = (pages: PageToRead[], read: string[] = [], capturing = false, limit = 3) =>
  nextPageToRead({ pages, read: new Set(read), since: 5, capturing, limit })

describe('nextPageToRead', () => {
  it('reads page 1 first when it is good', () => {
    expect(choose([page('a'), page('b')])).toBe(0)
  })

  it('skips a blurred page 1 for a good page 2', () => {
    expect(choose([page('a', ['blur']), page('b')])).toBe(1)
  })

  it('waits for the photos still being made rather than read a page with a problem', () => {
    expect(choose([page('a', ['dark'])], [], true)).toBeNull()
  })

  it('reads a page with a problem once nothing better is coming', () => {
    expect(choose([page('a', ['dark']), page('b', ['blur'])], [], false)).toBe(0)
  })

  it('goes on to the next page not read yet', () => {
    expect(choose([page('a'), page('b'), page('c')], ['a'])).toBe(1)
  })

  it('reads PDFs and photos, not other kinds, and only pages added since the Scanner opened', () => {
    expect(choose([page('old', [], 'image', 1), page('x', [], 'other'), page('p', [], 'pdf')])).toBe(2)
  })

  it('stops at the limit, and when nothing is left', () => {
    expect(choose([page('a'), page('b'), page('c'), page('d')], ['a', 'b', 'c'])).toBeNull()
    expect(choose([page('a')], ['a'])).toBeNull()
    expect(choose([])).toBeNull()
  })
})
