/** The draft invoice as kept in IndexedDB. Owned by the invoice-entry work; this is its first shape. */
export interface DraftRecord {
  id: string
  updated: number
}
