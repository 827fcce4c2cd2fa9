/** What the reader needs to know of a page to choose which one to read. */
export interface PageToRead {
  id: string
  kind: string
  /** When the page was added (ms); pages added before the Scanner opened were read, or typed, before. */
  created: number
  /** What the readability check found (blur, dark, glare, …); empty on a good page and on a PDF. */
  problems: readonly string[]
}

export interface NextPageToReadInput {
  /** The draft's pages in page order. */
  pages: readonly PageToRead[]
  /** Pages already read (or given up on) for this draft. */
  read: ReadonlySet<string>
  /** Pages created before this are never read. */
  since: number
  /** Photos are still being made into pages: a good one may be on its way. */
  capturing: boolean
  /** At most this many pages are read for one draft. */
  limit: number
}

/**
 * Which page the reader reads next (its index), or null for none. The first page the readability check
 * passed is read first: a blurred or dark page 1 gives the reader nothing while a sharp page 2 gives it all.
 * A page with a problem is read only when no good one is left and no photo is still being made, since a
 * dark page may still read well enough; and never more than `limit` pages, each costing seconds of CPU.
 */
export function nextPageToRead({ pages, read, since, capturing, limit }: NextPageToReadInput): number | null {
  if (read.size >= limit) return null
  const fresh = pages
    .map((page, index) => ({ page, index }))
    .filter(({ page }) => (page.kind === 'image' || page.kind === 'pdf') && page.created >= since && !read.has(page.id))
  const good = fresh.find(({ page }) => page.problems.length === 0)
  if (good) return good.index
  if (capturing) return null
  return fresh[0]?.index ?? null
}
