import type { Item, ListParams, Supplier } from '@/types/frappe'
import { getResourceList, type CallOptions } from './envelope'

/** Options for the search helpers. */
export interface SearchOptions extends CallOptions {
  /** How many rows at most; 20 unless given. */
  limit?: number
}

/** Any doctype's list, with Frappe's fields/filters/order/paging parameters. */
export async function getList<T>(doctype: string, params: ListParams = {}, options: CallOptions = {}): Promise<T[]> {
  return getResourceList<T>(doctype, params, options)
}

// As Frappe's own search does: % and _ typed by the user stay wildcards, since MariaDB and SQLite
// disagree on how to escape them.
function containing(text: string): string {
  return `%${text.trim()}%`
}

/** Suppliers whose name contains the text, by name. */
export async function searchSuppliers(text: string, options: SearchOptions = {}): Promise<Supplier[]> {
  return getList<Supplier>(
    'Supplier',
    {
      fields: ['name', 'supplier_name', 'default_currency', 'supplier_group'],
      filters: text.trim() ? [['supplier_name', 'like', containing(text)]] : [],
      order_by: 'supplier_name asc',
      limit_page_length: options.limit ?? 20,
    },
    options,
  )
}

/** Items whose name contains the text, by name. */
export async function searchItems(text: string, options: SearchOptions = {}): Promise<Item[]> {
  return getList<Item>(
    'Item',
    {
      fields: ['name', 'item_code', 'item_name', 'stock_uom', 'standard_rate'],
      filters: text.trim() ? [['item_name', 'like', containing(text)]] : [],
      order_by: 'item_name asc',
      limit_page_length: options.limit ?? 20,
    },
    options,
  )
}
