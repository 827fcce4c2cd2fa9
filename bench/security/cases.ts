/**
 * The attack cases of issue 12, each run against a fresh server: what was sent, how many requests, what a
 * defended server answers, and what this one answered. Request counts are fixed; nothing loops until a
 * condition, so the probe always ends.
 */
import { randomBytes } from 'node:crypto'
import { createBody } from '../server/client.ts'
import { readRss } from '../server/serverProcess.ts'
import { GUEST, METHOD, call, firstMessage, signIn, tally, uploadForm, type Caller, type Reply } from './http.ts'
import { DEMO_CLERK, SECOND_CLERK, addSecondClerk, clerkToken, startTarget, type Target } from './target.ts'

export interface Observation {
  observed: string
  defended: boolean
  /** Figures the docs quote beside the table (latencies, RSS). */
  figures?: Record<string, number>
}

export interface AttackCase {
  item: string
  title: string
  attack: string
  requests: number
  expected: string
  /** Environment for this case's server (e.g. a trusted proxy). */
  env?: Record<string, string>
  run: (target: Target) => Promise<Observation>
}

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64')
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')
const login = (base: string, usr: string, pwd: string, headers: Record<string, string> = {}) =>
  call(base, '/api/method/login', { body: { usr, pwd }, headers })
const ms = (n: number) => `${n < 10 ? n.toFixed(1) : Math.round(n)} ms`
/** A create body (the server bench's, one line, ten announced) with the case's changes. */
const invoiceBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  ...createBody([{ item_code: 'PAPER-A4', qty: 2, rate: 4.99 }], 10),
  ...overrides,
})

async function createInvoice(base: string, caller: Caller, overrides: Record<string, unknown> = {}): Promise<string> {
  const answer = await call(base, `${METHOD}.create_purchase_invoice`, { body: invoiceBody(overrides), caller })
  if (answer.status !== 200) throw new Error(`create answered ${answer.status}: ${firstMessage(answer)}`)
  return (answer.body as { message: { name: string } }).message.name
}

/** Uploads `bytes` to an invoice as `caller`; answers the reply and the stored File's URL ('' when refused). */
async function uploadTo(
  base: string,
  caller: Caller,
  invoice: string,
  file: { bytes: Uint8Array; name: string; fields?: Record<string, string> },
) {
  const reply = await call(base, '/api/method/upload_file', { caller, body: uploadForm(invoice, file.bytes, file.name, file.fields) })
  const url = reply.status === 200 ? (reply.body as { message: { file_url: string } }).message.file_url : ''
  return { reply, url }
}

/** A private file's GET latency: idle, then repeatedly while `flood` runs; answers the idle, median and worst. */
async function fileLatencyDuring(base: string, clerk: Caller, fileUrl: string, flood: () => Promise<Reply[]>) {
  const get = async () => {
    const started = performance.now()
    const answer = await call(base, fileUrl, { caller: clerk })
    if (answer.status !== 200) throw new Error(`file GET answered ${answer.status}`)
    return performance.now() - started
  }
  const idle: number[] = []
  for (let i = 0; i < 5; i += 1) idle.push(await get())
  let done = false
  const flooding = flood().finally(() => (done = true))
  const during: number[] = []
  await new Promise((r) => setTimeout(r, 50))
  // At most 20 samples, one after the other, while the flood lasts.
  while (!done && during.length < 20) during.push(await get())
  const replies = await flooding
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b)
  const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)] ?? 0
  return { idle: median(idle), median: median(during), worst: sorted(during).at(-1) ?? 0, samples: during.length, replies }
}

/**
 * What a case's run gets: its server, that server's URL, and the demo clerk signed in when the case asks (a lockout case must
 * not sign in first).
 */
interface CaseContext {
  target: Target
  base: string
  asClerk: () => Promise<Caller>
  /** The clerk signed in, with a fresh draft of theirs to attach files to. */
  asClerkWithDraft: () => Promise<{ clerk: Caller; invoice: string }>
}

/** One row of the table: the issue's item, a title and the request count, then the attack, the defended answer and the probe. */
function attackCase(
  item: string,
  title: string,
  requests: number,
  probe: Pick<AttackCase, 'attack' | 'expected' | 'env'> & { run: (context: CaseContext) => Promise<Observation> },
): AttackCase {
  return {
    item,
    title,
    requests,
    attack: probe.attack,
    expected: probe.expected,
    env: probe.env,
    run: (target) => {
      const base = target.server.url
      const asClerk = () => signIn(base, DEMO_CLERK.usr, DEMO_CLERK.pwd)
      const asClerkWithDraft = async () => {
        const clerk = await asClerk()
        return { clerk, invoice: await createInvoice(base, clerk) }
      }
      return probe.run({ target, base, asClerk, asClerkWithDraft })
    },
  }
}

export const CASES: AttackCase[] = [
  attackCase('1', 'Lockout raced by concurrency', 201, {
    attack: '200 parallel wrong passwords for one user, then the right one',
    expected: 'at most 10 checked (401), the rest 429; the right password 429',
    async run({ base }) {
      const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => login(base, DEMO_CLERK.usr, `guess-${i}`)))
      const right = await login(base, DEMO_CLERK.usr, DEMO_CLERK.pwd)
      const checked = answers.filter((a) => a.status === 401).length
      return {
        observed: `${tally(answers.map((a) => a.status))}; right password: ${right.status}`,
        defended: checked <= 10 && right.status === 429,
      }
    },
  }),
  attackCase('2', 'Made-up names from one address', 300, {
    attack: '300 parallel sign-ins to 300 made-up names, one client address',
    expected: 'at most 30 checked (401), the rest 429 with Retry-After',
    async run({ base }) {
      const answers = await Promise.all(Array.from({ length: 300 }, (_, i) => login(base, `made-up-${i}@example.com`, 'x')))
      const checked = answers.filter((a) => a.status === 401).length
      const retry = answers.find((a) => a.status === 429)?.headers.get('retry-after')
      return {
        observed: `${tally(answers.map((a) => a.status))}${retry ? `; Retry-After ${retry}` : ''}`,
        defended: checked <= 30 && Boolean(retry),
      }
    },
  }),
  attackCase('2', 'Hashing starves file serving', 325, {
    attack: 'a private file’s GET, idle and during 300 parallel bad sign-ins from 300 forwarded addresses (trusted proxy)',
    expected: 'hashes bounded (429 + Retry-After past the queue); the GET stays in milliseconds',
    env: { SCANNER_TRUST_PROXY: '1' },
    async run({ base, asClerkWithDraft }) {
      const { clerk, invoice } = await asClerkWithDraft()
      const { url: fileUrl } = await uploadTo(base, clerk, invoice, { bytes: PNG, name: 'receipt.png' })
      const result = await fileLatencyDuring(base, clerk, fileUrl, () =>
        Promise.all(
          Array.from({ length: 300 }, (_, i) =>
            login(base, `flood-${i}@example.com`, 'x', { 'x-forwarded-for': `10.1.${i >> 8}.${i & 255}` }),
          ),
        ),
      )
      return {
        observed: `GET idle ${ms(result.idle)}, during the flood median ${ms(result.median)}, worst ${ms(result.worst)} (${result.samples} GETs); sign-ins ${tally(result.replies.map((r) => r.status))}`,
        defended: result.worst < 1000,
        figures: { idle: result.idle, median: result.median, worst: result.worst },
      }
    },
  }),
  attackCase('2', 'Lockout forgotten by a restart', 11, {
    attack: '10 wrong passwords, restart the server, then the right password',
    expected: 'still 429 after the restart',
    async run({ target, base }) {
      for (let i = 0; i < 10; i += 1) await login(base, DEMO_CLERK.usr, `guess-${i}`)
      await target.restart()
      // The restarted server listens on a new ephemeral port: `base` is the old one.
      const right = await login(target.server.url, DEMO_CLERK.usr, DEMO_CLERK.pwd)
      return { observed: `right password after restart: ${right.status}`, defended: right.status === 429 }
    },
  }),
  attackCase('3', 'Another clerk writes to an invoice', 3, {
    attack: 'a second clerk appends 3 lines at qty 1e6, uploads a file and deletes the owner’s draft',
    expected: '403 PermissionError each, nothing written',
    async run({ target, base }) {
      await addSecondClerk(target)
      const owner = await signIn(base, DEMO_CLERK.usr, DEMO_CLERK.pwd)
      const other = await signIn(base, SECOND_CLERK.usr, SECOND_CLERK.pwd)
      const invoice = await createInvoice(base, owner)
      const append = await call(base, `${METHOD}.append_invoice_items`, {
        caller: other,
        body: { invoice, batch_index: 1, items: Array.from({ length: 3 }, () => ({ item_code: 'PAPER-A4', qty: 1e6, rate: 1 })) },
      })
      const { reply: upload } = await uploadTo(base, other, invoice, { bytes: PNG, name: 'x.png' })
      const remove = await call(base, `/api/resource/Purchase Invoice/${invoice}`, { method: 'DELETE', caller: other })
      const doc = await call(base, `/api/resource/Purchase Invoice/${invoice}`, { caller: owner })
      const lines = (doc.body as { data: { items_received: number } }).data.items_received
      const statuses = [append.status, upload.status, remove.status]
      return {
        observed: `append ${append.status}, upload ${upload.status}, delete ${remove.status}; lines stored ${lines}`,
        defended: statuses.every((s) => s === 403) && lines === 1,
      }
    },
  }),
  attackCase('4', 'Required fields of only spaces', 5, {
    attack: '`bill_no`, `client_request_id`, `supplier`, `item_code`, `invoice` each sent as "   "',
    expected: '417 MandatoryError naming the field, each',
    async run({ base, asClerk }) {
      const clerk = await asClerk()
      const create = (o: Record<string, unknown>) =>
        call(base, `${METHOD}.create_purchase_invoice`, { caller: clerk, body: invoiceBody(o) })
      const answers = [
        await create({ bill_no: '   ' }),
        await create({ client_request_id: '   ' }),
        await create({ supplier: '   ' }),
        await create({ items: [{ item_code: '   ', qty: 1, rate: 1 }] }),
        await call(base, `${METHOD}.append_invoice_items`, {
          caller: clerk,
          body: { invoice: '   ', batch_index: 1, items: [{ item_code: 'PEN-BLUE', qty: 1, rate: 1 }] },
        }),
      ]
      const mandatory = answers.filter((a) => a.status === 417 && (a.body as { exc_type?: string }).exc_type === 'MandatoryError').length
      return { observed: `${tally(answers.map((a) => a.status))}; MandatoryError ${mandatory} of 5`, defended: mandatory === 5 }
    },
  }),
  attackCase('6', 'Logout beside a token', 2, {
    attack: 'logout with `Authorization: token …` and the `sid` cookie, then replay the sid',
    expected: 'the replayed sid is refused (403 session_expired, as Frappe v15 answers an ended session, or 401)',
    async run({ target, base, asClerk }) {
      const clerk = await asClerk()
      const token = await clerkToken(target)
      await call(base, '/api/method/logout', { caller: clerk, headers: { authorization: token } })
      const replay = await call(base, '/api/method/frappe.auth.get_logged_user', { headers: { cookie: `sid=${clerk.sid}` } })
      // Any refusal means the session is gone; before the fix the replay answered 200 with the clerk's name.
      return { observed: `replayed sid: ${replay.status}`, defended: replay.status === 401 || replay.status === 403 }
    },
  }),
  attackCase('7', 'Private upload answered with a public copy', 3, {
    attack: 'the same bytes uploaded public, then private; a guest GETs the private answer’s URL',
    expected: 'a private File; the guest gets 403 (as frappe/utils/response.py download_private_file)',
    async run({ base, asClerkWithDraft }) {
      const { clerk, invoice } = await asClerkWithDraft()
      await uploadTo(base, clerk, invoice, { bytes: PNG, name: 'same.png', fields: { is_private: '0' } })
      const { url } = await uploadTo(base, clerk, invoice, { bytes: PNG, name: 'same.png', fields: { is_private: '1' } })
      const guest = await call(base, url, { caller: GUEST })
      return { observed: `private upload answered ${url}; guest GET ${guest.status}`, defended: guest.status === 403 }
    },
  }),
  attackCase('9', 'Uploads outside the memory guard', 20, {
    attack: '20 uploads of 9 MiB at once; server RSS sampled every 100 ms and its VmHWM',
    expected: 'peak under +60 MB over the RSS before',
    async run({ target, base, asClerk }) {
      const clerk = await asClerk()
      const invoices: string[] = []
      for (let i = 0; i < 20; i += 1) invoices.push(await createInvoice(base, clerk))
      const bodies = invoices.map(() => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(9 * 1024 * 1024 - 4)]))
      const { result, rss } = await target.server.measure(() =>
        Promise.all(
          invoices.map((invoice, i) =>
            call(base, '/api/method/upload_file', { caller: clerk, body: uploadForm(invoice, bodies[i] as Buffer, `big-${i}.jpg`) }),
          ),
        ),
      )
      const rise = rss.peak - rss.before
      return {
        observed: `${tally(result.map((r) => r.status))}; RSS ${Math.round(rss.before)} → peak ${Math.round(rss.peak)} MB (+${Math.round(rise)} MB)`,
        defended: rise < 60 && result.every((r) => r.status === 200),
        figures: { before: rss.before, peak: rss.peak, rise, now: readRss(target.server.pid) / 1024 / 1024 },
      }
    },
  }),
  attackCase('10', 'A PDF served inline, unprotected', 2, {
    attack: 'GET a private PDF, then with `?inline=1`',
    expected: "`Content-Security-Policy: default-src 'none'; sandbox`; attachment, inline only when asked",
    async run({ base, asClerkWithDraft }) {
      const { clerk, invoice } = await asClerkWithDraft()
      const { url } = await uploadTo(base, clerk, invoice, { bytes: PDF, name: 'bill.pdf' })
      const plain = await call(base, url, { caller: clerk })
      const inline = await call(base, `${url}?inline=1`, { caller: clerk })
      const csp = plain.headers.get('content-security-policy') ?? 'none'
      const disposition = (plain.headers.get('content-disposition') ?? '').split(';')[0]
      const asked = (inline.headers.get('content-disposition') ?? '').split(';')[0]
      return {
        observed: `CSP: ${csp}; ${disposition}, ?inline=1: ${asked}`,
        defended: /sandbox/.test(csp) && /default-src 'none'/.test(csp) && disposition === 'attachment' && asked === 'inline',
      }
    },
  }),
  attackCase('12', 'Money rounded in binary floating point', 1, {
    attack: 'one line of qty 1.015 × rate 1',
    expected: 'grand_total 1.02',
    async run({ base, asClerk }) {
      const clerk = await asClerk()
      const answer = await call(base, `${METHOD}.create_purchase_invoice`, {
        caller: clerk,
        body: invoiceBody({ expected_items: 1, items: [{ item_code: 'PEN-BLUE', qty: 1.015, rate: 1 }] }),
      })
      const total = (answer.body as { message: { grand_total: number } }).message.grand_total
      return { observed: `grand_total ${total}`, defended: total === 1.02 }
    },
  }),
  attackCase('—', 'SQL injection and path tricks (regression)', 8, {
    attack: 'filters, fields and order_by carrying SQL; `..` and encoded slashes in file paths',
    expected: 'every one a 4xx; all tables intact',
    async run({ base, asClerk }) {
      const clerk = await asClerk()
      const q = (value: unknown) => encodeURIComponent(JSON.stringify(value))
      const paths = [
        `/api/resource/Supplier?filters=${q([['name', '=', "x' OR '1'='1"]])}&fields=${q(['name'])}&limit_page_length=1000`,
        `/api/resource/Supplier?fields=${q(['name; DROP TABLE user; --'])}`,
        `/api/resource/Supplier?order_by=${encodeURIComponent('name; DROP TABLE user')}`,
        `/api/resource/Supplier?filters=${q([['name) OR 1=1 --', '=', 'x']])}`,
        `/api/resource/${encodeURIComponent('user; --')}`,
        '/private/files/..%2f..%2fscanner.db',
        '/files/..%2Fsite_config.json',
        '/private/files/%2e%2e%2f%2e%2e%2fscanner.db',
      ]
      const answers: Reply[] = []
      for (const path of paths) answers.push(await call(base, path, { caller: clerk }))
      const first = answers[0]
      const leaked =
        first?.status === 200 &&
        Array.isArray((first.body as { data?: unknown[] }).data) &&
        (first.body as { data: unknown[] }).data.length > 0
      const users = await call(base, '/api/method/frappe.auth.get_logged_user', { caller: clerk })
      const ok = answers.slice(1).every((a) => a.status >= 400 && a.status < 500) && !leaked && users.status === 200
      return {
        observed: `${tally(answers.map((a) => a.status))}; the OR '1'='1 filter matched ${leaked ? 'rows' : 'nothing'}; sign-in still works`,
        defended: ok,
      }
    },
  }),
]

/** Runs one case on a fresh server of the given checkout. */
export async function runCase(attack: AttackCase, label: string, repoRoot: string | undefined): Promise<Observation> {
  const target = await startTarget(label, repoRoot, attack.env)
  try {
    return await attack.run(target)
  } catch (error) {
    return { observed: `probe failed: ${(error as Error).message.slice(0, 120)}`, defended: false }
  } finally {
    await target.stop()
  }
}
