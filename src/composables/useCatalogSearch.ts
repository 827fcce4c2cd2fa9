import { getList, searchItems, searchSuppliers } from '@/api/resources'
import type { Item, Supplier } from '@/types/frappe'

export interface UseCatalogSearchReturn {
  /** Items whose code or name contains the text; codes first, since clerks copy them from the invoice. */
  items(text: string): Promise<Item[]>
  /** Suppliers whose name contains the text. */
  suppliers(text: string): Promise<Supplier[]>
}

/** Search-as-you-type over the backend's Items and Suppliers, for the draft form's comboboxes. */
export function useCatalogSearch(): UseCatalogSearchReturn {
  async function items(text: string): Promise<Item[]> {
    const [byCode, byName] = await Promise.all([
      text
        ? getList<Item>('Item', {
            fields: ['name', 'item_code', 'item_name', 'stock_uom', 'standard_rate'],
            filters: [['item_code', 'like', `%${text}%`]],
            order_by: 'item_code asc',
            limit_page_length: 10,
          })
        : Promise.resolve([]),
      searchItems(text, { limit: 10 }),
    ])
    const seen = new Set<string>()
    return [...byCode, ...byName].filter((item) => !seen.has(item.item_code) && seen.add(item.item_code))
  }

  return { items, suppliers: (text) => searchSuppliers(text) }
}
