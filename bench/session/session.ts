/** What one run of a build (the app or the naive page) through the clerk's session comes to. */
import type { TabReading } from './measure'

/** One invoice of the session, measured once it was sent and the entry was ready for the next. */
export interface InvoiceOutcome {
  number: number
  /** The name the backend gave the invoice. */
  name: string
  /** What the backend says it stored, in words, e.g. "10 pages, 4 lines". */
  stored: string
  /** Seconds from the first photo to "Invoice sent". */
  seconds: number
  /** Bytes the invoice took on the wire to the backend (request bodies). */
  uploadBytes: number
  reading: TabReading
}

export interface SessionResult {
  /** The tab before the first photo: signed in, empty Scanner (or the naive page loaded). */
  baseline: TabReading | null
  invoices: InvoiceOutcome[]
  /** The tab after the last invoice, once told memory is critically short: what it cannot give back. */
  afterPressure: TabReading | null
  /** The naive page only: the page data URLs it still holds at the end, in all and how many differ. */
  heldDataUrls?: { count: number; megabytes: number; distinct: number }
  /** The app only: what it still keeps in IndexedDB at the end (every invoice was sent, so nothing should be left). */
  leftInIndexedDb?: { pages: number; draftsWithContent: number }
  /** What went wrong, if the session stopped before its last invoice. */
  error: string | null
  seconds: number
}

/** The first line of an error's message, for a report. */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.split('\n').filter((line) => line.trim())[0] ?? 'unknown error'
}
