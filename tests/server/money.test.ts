import Decimal from 'decimal.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { PurchaseInvoice } from '../../src/types/frappe'
import { CLERK, METHOD, TestClient, messageText } from './support/client'
import { createBody } from './support/invoices'
import { useTestServers } from './support/server'
import { useSignedInClerk } from './support/signedIn'

// Issue 12 item 12: line amounts and totals in decimal, rounded as Frappe's rounded().
const Exact = Decimal.clone({ precision: 100 })
const MODES = {
  "Banker's Rounding (legacy)": Decimal.ROUND_HALF_CEIL,
  "Banker's Rounding": Decimal.ROUND_HALF_EVEN,
  'Commercial Rounding': Decimal.ROUND_HALF_UP,
} as const
const reference = (qty: number, rate: number, mode: Decimal.Rounding) => new Exact(String(qty)).times(String(rate)).toDecimalPlaces(2, mode)

let clerk: TestClient
useSignedInClerk((session) => void ({ clerk } = session))
const startServer = useTestServers()

async function send(client: TestClient, lines: Array<{ qty: number; rate: number }>): Promise<PurchaseInvoice> {
  const items = lines.map((l) => ({ item_code: 'PEN-BLUE', ...l }))
  const created = await client.post<{ message: { name: string } }>(
    `${METHOD}.create_purchase_invoice`,
    createBody({ expected_items: items.length, items }),
  )
  expect(created.status, messageText(created.body)).toBe(200)
  return (await client.get<{ data: PurchaseInvoice }>(`/api/resource/Purchase Invoice/${created.body.message.name}`)).body.data
}

describe('money on the server', () => {
  it('stores qty 1.015 × rate 1 as 1.02, not the 1.01 of binary floating point', async () => {
    const doc = await send(clerk, [{ qty: 1.015, rate: 1 }])
    expect(doc.items[0]?.amount).toBe(1.02)
    expect(doc.grand_total).toBe(1.02)
  })

  it('agrees with decimal.js for random quantities and rates, line by line and in the total', async () => {
    const qty = fc.integer({ min: 1, max: 1_000_000_000 }).map((n) => n / 1000)
    const rate = fc.integer({ min: 0, max: 100_000_000 }).map((n) => n / 10_000)
    const tieRate = fc.integer({ min: 0, max: 100_000 }).map((n) => (n * 10 + 5) / 1000)
    const batches = fc.sample(
      fc.array(fc.record({ qty: fc.oneof(qty, fc.constant(1)), rate: fc.oneof(rate, tieRate) }), { minLength: 200, maxLength: 300 }),
      {
        numRuns: 8,
        seed: 12,
      },
    )
    for (const lines of batches) {
      const doc = await send(clerk, lines)
      const expected = lines.map((l) => reference(l.qty, l.rate, MODES["Banker's Rounding (legacy)"]))
      expect(doc.items.map((i) => i.amount)).toEqual(expected.map((d) => d.toNumber()))
      expect(doc.grand_total).toBe(expected.reduce((sum, d) => sum.plus(d), new Exact(0)).toNumber())
    }
  })

  it('takes the rounding method from site_config.json', async () => {
    const banker = await startServer({ siteConfig: { rounding_method: "Banker's Rounding" } })
    const client = new TestClient(banker.url)
    await client.login(CLERK)
    const doc = await send(client, [
      { qty: 1, rate: 0.125 },
      { qty: 1, rate: 0.135 },
    ])
    expect(doc.items.map((i) => i.amount)).toEqual([0.12, 0.14])
    const legacy = await send(clerk, [
      { qty: 1, rate: 0.125 },
      { qty: 1, rate: 0.135 },
    ])
    expect(legacy.items.map((i) => i.amount)).toEqual([0.13, 0.14])
  })

  it('refuses to start with a rounding method Frappe does not know', async () => {
    await expect(startServer({ siteConfig: { rounding_method: 'Round Half Down' } })).rejects.toThrow(
      /rounding_method must be one of "Banker's Rounding \(legacy\)", "Banker's Rounding", "Commercial Rounding"/,
    )
  })
})
