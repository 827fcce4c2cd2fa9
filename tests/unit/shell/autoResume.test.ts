import 'fake-indexeddb/auto'
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { prepareSubmission } from '@/lib/submission/prepare'
import { getDb } from '@/storage/db'
import { emptyDraft, getDraft, putDraft } from '@/storage/drafts'
import { useSubmissionStore } from '@/stores/submission'
import { CLERK, CLERK_PASSWORD, deferred, type FakeReply } from '../api/fakeHttp'
import { mountApp, nextNavigation, signInThroughForm, type MountedApp } from './mountApp'

const CREATE_PATH = '/api/method/custom_erp.custom_erp.purchase_invoice.api.create_purchase_invoice'
const header = {
  supplier: 'SUP-1',
  supplier_name: 'Acme',
  bill_no: 'B-7',
  bill_date: '2026-11-02',
  posting_date: '2026-11-28',
  currency: 'EUR',
}

let app: MountedApp | undefined
let held: ReturnType<typeof deferred<FakeReply>>

/** A submission the clerk started in an earlier visit, saved as paused before the invoice was created. */
async function pausedSubmission(owner: string): Promise<void> {
  const lines = [{ id: 'l1', item_code: 'ITEM-1', item_name: 'Item 1', qty: '2', rate: '1.5', uom: 'Nos' }]
  const state = prepareSubmission({ previous: null, newClientRequestId: () => 'req-earlier', batchSize: 50, items: 1, pageIds: [], now: 1 })
  await putDraft({ ...emptyDraft('draft-earlier', 1, owner), header, lines, submission: { ...state, phase: 'paused' } })
}

beforeEach(async () => {
  const db = await getDb()
  await db.clear('drafts')
  await db.clear('pages')
  held = deferred<FakeReply>()
})
afterEach(() => {
  app?.unmount()
  app = undefined
})

/** The app with the create call held open, so a resumed submission stays in flight. */
async function mount(path: string, signedIn: boolean): Promise<MountedApp> {
  const mounted = await mountApp(path, { signedIn })
  mounted.fake.on('POST', CREATE_PATH, () => held.promise)
  return mounted
}

describe('resuming unfinished submissions', () => {
  it('starts as soon as the clerk is signed in, on any page, and pauses at sign-out', async () => {
    await pausedSubmission(CLERK.name)
    app = await mount('/login', false)
    expect(app.fake.sentTo(CREATE_PATH)).toHaveLength(0)

    await signInThroughForm(app, CLERK.name, CLERK_PASSWORD)
    await vi.waitFor(() => expect(app!.fake.sentTo(CREATE_PATH)).toHaveLength(1))
    expect(JSON.parse(String(app.fake.sentTo(CREATE_PATH)[0]!.data))).toMatchObject({ client_request_id: 'req-earlier', bill_no: 'B-7' })
    expect(app.router.currentRoute.value.path).not.toBe('/invoices')

    const signedOut = nextNavigation(app.router)
    await app.wrapper
      .findAll('button')
      .find((button) => button.text() === 'Sign out')!
      .trigger('click')
    await signedOut
    // The answer to the request in flight is lost; signed out, the submission pauses instead of retrying.
    held.resolve({ fail: 'offline' })
    await vi.waitFor(async () => expect((await getDraft('draft-earlier'))?.submission?.phase).toBe('paused'))
    window.dispatchEvent(new Event('online'))
    await flushPromises()
    expect(app.fake.sentTo(CREATE_PATH)).toHaveLength(1)
  })

  it('resumes when the app opens with the clerk still signed in', async () => {
    await pausedSubmission(CLERK.name)
    app = await mount('/status', true)
    await vi.waitFor(() => expect(app!.fake.sentTo(CREATE_PATH)).toHaveLength(1))
  })

  it('leaves another clerk’s submission alone', async () => {
    await pausedSubmission('someone.else@example.com')
    app = await mount('/status', true)
    await flushPromises()
    expect(app.fake.sentTo(CREATE_PATH)).toHaveLength(0)
    expect((await getDraft('draft-earlier'))?.submission?.phase).toBe('paused')
  })

  it('forgets the last sent invoice at sign-out, so the next clerk on the device does not see it', async () => {
    app = await mount('/settings', true)
    const submission = useSubmissionStore()
    submission.result = { invoice: 'ACC-PINV-2026-00001' } as typeof submission.result
    expect(submission.result).not.toBeNull()

    const signedOut = nextNavigation(app.router)
    await app.wrapper
      .findAll('button')
      .find((button) => button.text() === 'Sign out')!
      .trigger('click')
    await signedOut
    expect(submission.result).toBeNull()
  })
})
