/** One value read from the page: what it is, how sure the reader is (0–1) and the line it came from. */
export interface ReadValue<T = string> {
  value: T
  /** 0–1; the prefill fills a field only at or above its threshold. */
  confidence: number
  /** The text on the page the value was read from, shown in the "from the page" note. */
  source: string
}

/** The header fields the reader looks for; `supplier_text` is the top line that named the supplier. */
export interface ReadFields {
  bill_date: ReadValue | null
  document_total: ReadValue<number> | null
  bill_no: ReadValue | null
}
