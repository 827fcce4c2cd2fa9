import type { Db } from './database.ts'
import { prepared } from './statements.ts'

// The master data an invoice refers to (Supplier, Item): read only, seeded by db/seed.ts.

/** What an invoice takes from its Supplier. */
export interface SupplierRow {
  name: string
  supplier_name: string
  default_currency: string
}

/** What a line takes from its Item. */
export interface ItemMasterRow {
  item_code: string
  item_name: string
  stock_uom: string
}

/** A Supplier by name, or undefined. */
export function selectSupplier(db: Db, name: string): SupplierRow | undefined {
  return prepared(db, 'SELECT name, supplier_name, default_currency FROM supplier WHERE name = ?').get(name) as SupplierRow | undefined
}

/** An Item by its code (its name), or undefined. */
export function selectItemMaster(db: Db, code: string): ItemMasterRow | undefined {
  return prepared(db, 'SELECT item_code, item_name, stock_uom FROM item WHERE name = ?').get(code) as ItemMasterRow | undefined
}
