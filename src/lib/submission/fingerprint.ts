import type { InvoiceItemInput } from '@/types/frappe'

/**
 * A short FNV-1a hash of a batch's lines. Saved per acknowledged batch, so editing a line the server
 * already stored is caught before a resend that the server would refuse (409) anyway.
 */
export function fingerprintBatch(items: readonly InvoiceItemInput[]): string {
  const text = JSON.stringify(items.map((i) => [i.item_code, i.qty, i.rate, i.uom ?? '']))
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0).toString(16).padStart(8, '0')
}
