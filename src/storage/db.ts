import { openDB, type DBSchema, type IDBPDatabase } from 'idb'
import type { DraftHeader, DraftLine } from '@/lib/submission/draft'
import type { SubmissionState } from '@/lib/submission/types'
import type { Quad } from '@/lib/document/geometry'
import type { PageLook } from '@/lib/document/looks'
import type { QuarterTurn } from '@/lib/document/quarterTurn'
import type { ReadabilityProblem } from '@/lib/document/readability'

/** Where a page came from, for the strip's badge and for retakes. */
export type PageSource = 'camera' | 'file' | 'drop' | 'paste'

/** One captured page as kept in IndexedDB. The Blobs stay on disk; the app keeps metadata only. */
export interface PageRecord {
  id: string
  draftId: string
  /** Position in the invoice, 0-based; gaps are allowed, order is by this value. */
  order: number
  kind: 'image' | 'pdf'
  blob: Blob
  thumb: Blob | null
  width: number
  height: number
  bytes: number
  mime: string
  fileName: string
  source: PageSource
  /** Clockwise quarter turns chosen by the clerk, applied when shown and when sent. */
  rotation: 0 | 90 | 180 | 270
  created: number
  /** SHA-256 of `blob` (hex), set when it is stored; absent on pages saved before it or without WebCrypto. */
  sha256?: string
  /** Document capture (absent on PDFs and on pages saved before it): see PageDocument. */
  document?: PageDocument
}

/**
 * How a photo page was shaped. What it was made from stays here, on disk, until the invoice is sent: the photo
 * as it came (or, where only bytes are kept, the uncropped page ≤ max_page_px), so a new crop or look is made
 * again from it in the worker, decoded at the page's size, and never from a full-size decode held in the tab.
 */
export interface PageDocument {
  original: Blob
  /** Normalised crop corners [tl, tr, br, bl], or null for the whole photo. */
  corners: Quad | null
  look: PageLook
  /** What the readability check found on the page as it is now. */
  problems: ReadabilityProblem[]
  /** Bytes of the page in each look the clerk has seen, for the look picker. */
  lookBytes: Partial<Record<PageLook, number>>
  /**
   * Clockwise quarter turns made into the page from the original (the record's `rotation` stays 0, so
   * nothing turns it again when shown or sent); absent on pages saved before turns were made this way.
   */
  turn?: QuarterTurn
}

/**
 * The draft invoice as kept in IndexedDB: the header and lines exactly as typed, and, once the clerk has
 * pressed Submit invoice, the submission's progress, so a reload resumes where it stopped.
 */
export interface DraftRecord {
  id: string
  /** The user who typed it ('' before anyone was known); the Outbox and resuming only touch their own. */
  owner: string
  created: number
  updated: number
  header: DraftHeader
  lines: DraftLine[]
  submission: SubmissionState | null
}

export interface ScannerDB extends DBSchema {
  pages: { key: string; value: PageRecord; indexes: { byDraft: string } }
  drafts: { key: string; value: DraftRecord }
}

export const DB_NAME = 'invoice-scanner'
export const DB_VERSION = 1

let opening: Promise<IDBPDatabase<ScannerDB>> | null = null

/** The app's one IndexedDB connection, opened (and migrated) on first use. */
export function getDb(): Promise<IDBPDatabase<ScannerDB>> {
  opening ??= openDB<ScannerDB>(DB_NAME, DB_VERSION, {
    upgrade(db) {
      const pages = db.createObjectStore('pages', { keyPath: 'id' })
      pages.createIndex('byDraft', 'draftId')
      db.createObjectStore('drafts', { keyPath: 'id' })
    },
    blocking() {
      // Another tab wants a newer schema: let it, and reopen on next use.
      void opening?.then((db) => db.close())
      opening = null
    },
  })
  return opening
}
