import { describe, expect, it } from 'vitest'
import type { InvoiceProgress, PurchaseInvoice } from '../../src/types/frappe'
import { METHOD, TestClient, messageText } from './support/client'
import { createBody } from './support/invoices'
import { useSignedInClerk } from './support/signedIn'

let clerk: TestClient
useSignedInClerk((session) => void ({ clerk } = session))

const create = (body: Record<string, unknown>) => clerk.post<{ message: InvoiceProgress }>(`${METHOD}.create_purchase_invoice`, body)
const fetchInvoice = async (name: string) =>
  (await clerk.get<{ data: PurchaseInvoice }>(`/api/resource/Purchase Invoice/${encodeURIComponent(name)}`)).body.data

describe('document_total on create_purchase_invoice', () => {
  it('stores the total printed on the document and returns it with the invoice and in lists', async () => {
    const answer = await create(createBody({ document_total: 24.23 }))
    expect(answer.status).toBe(200)
    const name = answer.body.message.name
    expect((await fetchInvoice(name)).document_total).toBe(24.23)
    const list = await clerk.get<{ data: Array<{ name: string; document_total: number | null }> }>(
      `/api/resource/Purchase Invoice?fields=${encodeURIComponent('["name","document_total"]')}&limit_page_length=0`,
    )
    expect(list.body.data.find((row) => row.name === name)?.document_total).toBe(24.23)
  })

  it('is optional: an invoice without it has null', async () => {
    const answer = await create(createBody())
    expect((await fetchInvoice(answer.body.message.name)).document_total).toBeNull()
  })

  it('refuses a negative, non-numeric or infinite total with a message, storing nothing', async () => {
    for (const bad of [-1, 'abc', '1e400', 1e13]) {
      const answer = await create(createBody({ document_total: bad }))
      expect(answer.status).toBe(417)
      expect(messageText(answer.body)).toMatch(/document_total must be/)
    }
  })
})
