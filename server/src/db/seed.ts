import { ROLE_ACCOUNTS_USER, ROLE_SYSTEM_MANAGER, createUser } from '../domain/users.ts'
import { nowDatetime, type Db } from './database.ts'
import { DEMO_ITEMS, DEMO_SUPPLIERS } from './demoData.ts'

export const DEMO_CLERK = { name: 'clerk@example.com', full_name: 'Demo Clerk', password: 'clerk' } as const

export interface SeedOptions {
  adminPassword: string
  seedDemo: boolean
}

/** What the first start created, so main.ts can say how to sign in. */
export interface SeedResult {
  createdAdmin: boolean
  createdClerk: boolean
  suppliers: number
  items: number
}

/**
 * On an empty database: creates Administrator (and, unless told not to, the demo clerk and the demo
 * Suppliers and Items). On later starts it changes nothing, so passwords changed since stay changed.
 */
export async function seedIfEmpty(db: Db, options: SeedOptions): Promise<SeedResult> {
  const result: SeedResult = { createdAdmin: false, createdClerk: false, suppliers: 0, items: 0 }
  const users = db.prepare('SELECT COUNT(*) FROM user').pluck().get() as number
  if (users > 0) return result
  await createUser(db, {
    name: 'Administrator',
    full_name: 'Administrator',
    password: options.adminPassword,
    roles: [ROLE_SYSTEM_MANAGER, ROLE_ACCOUNTS_USER],
  })
  result.createdAdmin = true
  if (!options.seedDemo) return result
  await createUser(db, { ...DEMO_CLERK, roles: [ROLE_ACCOUNTS_USER] })
  result.createdClerk = true
  const now = nowDatetime()
  db.transaction(() => {
    const supplier = db.prepare(
      'INSERT OR IGNORE INTO supplier (name, supplier_name, supplier_group, default_currency, creation, modified) VALUES (?, ?, ?, ?, ?, ?)',
    )
    for (const s of DEMO_SUPPLIERS) result.suppliers += supplier.run(s.name, s.name, s.supplier_group, s.default_currency, now, now).changes
    const item = db.prepare(
      'INSERT OR IGNORE INTO item (name, item_code, item_name, stock_uom, standard_rate, creation, modified) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    for (const i of DEMO_ITEMS)
      result.items += item.run(i.item_code, i.item_code, i.item_name, i.stock_uom, i.standard_rate, now, now).changes
  })()
  return result
}
