import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { FrappeFile, InvoiceItemInput, InvoiceProgress, PurchaseInvoice } from '../../src/types/frappe'
import { runCli } from './support/cli'
import { CLERK, METHOD, TestClient } from './support/client'
import { createBody, makeItems } from './support/invoices'
import { FIXTURES_DIR, type TestServer, useTestServers } from './support/server'

let workDir: string
beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'scanner-backup-test-'))
})
afterAll(() => {
  rmSync(workDir, { recursive: true, force: true })
})
const startServer = useTestServers()
const start = (dataDir?: string) => startServer({ dataDir, siteConfig: dataDir ? undefined : { memory_optimization: { batch_size: 25 } } })

/** What the server acknowledged (answered 200) for one invoice, as a clerk's app would remember it. */
interface Acknowledged {
  items: InvoiceItemInput[]
  file?: { url: string; bytes: Buffer }
}

const PHOTOS = readdirSync(FIXTURES_DIR)
  .filter((name) => name.endsWith('.jpg'))
  .sort()
  .slice(0, 3)

/**
 * Clerks sending invoices until told to stop: each creates an invoice with 60 lines, appends 60 more,
 * and every third one attaches a receipt photo. Only answers of 200 are recorded as acknowledged.
 */
function startWriters(server: TestServer, clerk: TestClient, workers: number) {
  const acknowledged = new Map<string, Acknowledged>()
  let stopped = false
  let sent = 0
  const worker = async () => {
    while (!stopped) {
      const n = sent++
      const first = makeItems(60, 1)
      const created = await clerk.post<{ message: InvoiceProgress }>(
        `${METHOD}.create_purchase_invoice`,
        createBody({ expected_items: 120, items: first }),
      )
      if (created.status !== 200) throw new Error(`create answered ${created.status}`)
      const name = created.body.message.name
      acknowledged.set(name, { items: first })
      const second = makeItems(60, 61)
      const appended = await clerk.post(`${METHOD}.append_invoice_items`, { invoice: name, batch_index: 1, items: second })
      if (appended.status !== 200) throw new Error(`append answered ${appended.status}`)
      acknowledged.set(name, { items: [...first, ...second] })
      if (n % 3 === 0) {
        const bytes = readFileSync(join(FIXTURES_DIR, PHOTOS[n % PHOTOS.length] as string))
        const form = new FormData()
        form.append('doctype', 'Purchase Invoice')
        form.append('docname', name)
        form.append('file', new Blob([bytes], { type: 'image/jpeg' }), `receipt-${n}.jpg`)
        const uploaded = await clerk.post<{ message: FrappeFile }>('/api/method/upload_file', form)
        if (uploaded.status !== 200) throw new Error(`upload answered ${uploaded.status}`)
        acknowledged.set(name, { items: [...first, ...second], file: { url: uploaded.body.message.file_url, bytes } })
      }
    }
  }
  const running = Promise.all(Array.from({ length: workers }, worker))
  return {
    acknowledged,
    /** A copy of what is acknowledged right now. */
    snapshot: () => new Map([...acknowledged].map(([name, ack]) => [name, { ...ack, items: [...ack.items] }])),
    stop: async () => {
      stopped = true
      await running
    },
  }
}

const lineOf = (item: { item_code: string; qty: number; rate: number }) => `${item.item_code} ${item.qty} × ${item.rate}`

describe('npm run backup while invoices are being written, then npm run restore', () => {
  it('restores every invoice acknowledged before the backup began, with its lines and photo, into a sound database', async () => {
    const server = await start()
    const clerk = new TestClient(server.url)
    await clerk.login(CLERK)
    const writers = startWriters(server, clerk, 3)
    let backup: Awaited<ReturnType<typeof runCli>>
    let before: Map<string, Acknowledged>
    let countAtStart: number
    try {
      // At least one photo too: with synchronous=FULL and a busy machine, six invoices can come before the first upload.
      await vi.waitFor(
        () => {
          expect(writers.acknowledged.size).toBeGreaterThanOrEqual(6)
          expect([...writers.acknowledged.values()].some((ack) => ack.file)).toBe(true)
        },
        { timeout: 20_000, interval: 20 },
      )
      before = writers.snapshot()
      countAtStart = writers.acknowledged.size
      const backingUp = runCli('backup.ts', ['--data-dir', server.dataDir, '--out', join(workDir, 'backups')])
      // Online, not quiet: three writers have requests in flight when it starts and keep writing. However quick the
      // backup is, the writers go on past it (a backup that locked them out would time this out).
      await vi.waitFor(() => expect(writers.acknowledged.size).toBeGreaterThan(countAtStart), { timeout: 20_000, interval: 20 })
      backup = await backingUp
    } finally {
      await writers.stop()
    }
    expect(backup.stderr).toBe('')
    expect(backup.status).toBe(0)
    const folder = /^Backed up .* to (\S+)$/m.exec(backup.stdout)?.[1] as string
    expect(folder).toMatch(/backups\/\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z$/)
    expect(readdirSync(folder).sort()).toEqual(['backup.json', 'files', 'scanner.db', 'site_config.json'])
    expect(statSync(folder).mode & 0o777).toBe(0o700)
    const manifest = JSON.parse(readFileSync(join(folder, 'backup.json'), 'utf8')) as { invoices: number; integrity: string }
    expect(manifest.integrity).toBe('ok')
    expect(manifest.invoices).toBeGreaterThanOrEqual(before.size)

    const restoredDir = join(workDir, 'restored')
    const restore = await runCli('restore.ts', [folder, '--data-dir', restoredDir])
    expect(restore.stderr).toBe('')
    expect(restore.status).toBe(0)
    expect(restore.stdout).toContain(`into ${restoredDir}`)

    const db = new Database(join(restoredDir, 'scanner.db'), { readonly: true })
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(db.pragma('foreign_key_check')).toEqual([])
    // Nothing half-written: every invoice's lines are exactly its acknowledged batches.
    const mismatched = db
      .prepare(
        `SELECT name FROM purchase_invoice p WHERE items_received != (SELECT COUNT(*) FROM purchase_invoice_item WHERE parent = p.name)
           OR items_received != (SELECT COALESCE(SUM(item_count), 0) FROM invoice_batch WHERE parent = p.name)`,
      )
      .all()
    expect(mismatched).toEqual([])
    expect(db.prepare('SELECT COUNT(*) FROM purchase_invoice').pluck().get()).toBe(manifest.invoices)
    db.close()

    const restored = await start(restoredDir)
    const reader = new TestClient(restored.url)
    await reader.login(CLERK)
    for (const [name, ack] of before) {
      const doc = (await reader.get<{ data: PurchaseInvoice }>(`/api/resource/Purchase Invoice/${encodeURIComponent(name)}`)).body.data
      expect(doc.name).toBe(name)
      // An append acknowledged after the backup began may or may not be in it; what was acknowledged before is.
      expect(doc.items.slice(0, ack.items.length).map(lineOf)).toEqual(ack.items.map(lineOf))
      expect([60, 120]).toContain(doc.items.length)
      if (ack.file) {
        const photo = await fetch(new URL(ack.file.url, restored.url), { headers: { cookie: `sid=${reader.cookies.get('sid')}` } })
        expect(photo.status).toBe(200)
        expect(Buffer.from(await photo.arrayBuffer()).equals(ack.file.bytes)).toBe(true)
      }
    }
    expect([...before.values()].some((ack) => ack.file)).toBe(true)
  })
})

describe('npm run restore refuses what would lose data', () => {
  it('never restores over a data dir a running server holds, even with --force', async () => {
    const server = await start()
    const made = await runCli('backup.ts', ['--data-dir', server.dataDir, '--out', join(workDir, 'refusals')])
    const folder = /to (\S+)$/m.exec(made.stdout)?.[1] as string
    const refused = await runCli('restore.ts', [folder, '--data-dir', server.dataDir, '--force'])
    expect(refused.status).toBe(1)
    expect(refused.stderr).toContain('is in use by a running server: stop it first')
    expect((await new TestClient(server.url).get('/api/method/ping')).status).toBe(200)
  })

  it('asks for --force before replacing a data dir that is not empty, and then keeps the old one beside it', async () => {
    const source = await start()
    const clerk = new TestClient(source.url)
    await clerk.login(CLERK)
    expect((await clerk.post(`${METHOD}.create_purchase_invoice`, createBody())).status).toBe(200)
    const made = await runCli('backup.ts', ['--data-dir', source.dataDir, '--out', join(workDir, 'force')])
    const folder = /to (\S+)$/m.exec(made.stdout)?.[1] as string

    const target = join(workDir, 'occupied')
    mkdirSync(target)
    writeFileSync(join(target, 'notes.txt'), 'keep me')
    const refused = await runCli('restore.ts', [folder, '--data-dir', target])
    expect(refused.status).toBe(1)
    expect(refused.stderr).toContain('is not empty: restore into a new folder, or pass --force')
    expect(readdirSync(target)).toEqual(['notes.txt'])

    const forced = await runCli('restore.ts', [folder, '--data-dir', target, '--force'])
    expect(forced.status).toBe(0)
    const aside = /^Kept the previous data dir as (\S+)$/m.exec(forced.stdout)?.[1] as string
    expect(readFileSync(join(aside, 'notes.txt'), 'utf8')).toBe('keep me')
    expect(forced.stdout).toContain('1 invoices, 2 lines, 0 files; integrity ok')
    expect(existsSync(join(target, 'scanner.db'))).toBe(true)
  })

  it('says what is wrong with a folder that is not a backup, a data dir without a database, and bad options', async () => {
    const notBackup = await runCli('restore.ts', [workDir, '--data-dir', join(workDir, 'never')])
    expect(notBackup.status).toBe(1)
    expect(notBackup.stderr).toContain(`${workDir} is not a backup: it has no scanner.db`)
    expect(existsSync(join(workDir, 'never'))).toBe(false)

    const noDb = await runCli('backup.ts', ['--data-dir', join(workDir, 'nothing-here'), '--out', join(workDir, 'x')])
    expect(noDb.status).toBe(1)
    expect(noDb.stderr).toContain('No database at')

    const usage = await runCli('restore.ts', [])
    expect(usage.status).toBe(2)
    expect(usage.stderr).toContain('Usage: npm run restore -- <backup folder>')
    expect((await runCli('backup.ts', ['--keep', 'all'])).status).toBe(2)
  })
})

describe('npm run backup --keep', () => {
  it('keeps the newest N backup folders and leaves anything else in --out alone', async () => {
    const server = await start()
    const out = join(workDir, 'pruned')
    mkdirSync(out)
    mkdirSync(join(out, '2020-01-01T00-00-00Z'))
    mkdirSync(join(out, 'hand-made-copy'))
    const runs = []
    for (let i = 0; i < 3; i += 1) runs.push(await runCli('backup.ts', ['--data-dir', server.dataDir, '--out', out, '--keep', '2']))
    expect(runs.map((r) => r.status)).toEqual([0, 0, 0])
    const made = runs.map((r) => /to (\S+)$/m.exec(r.stdout)?.[1] as string)
    expect(readdirSync(out).sort()).toEqual(['hand-made-copy', ...made.slice(1).map((f) => f.slice(out.length + 1))].sort())
    expect(runs[0]?.stdout).not.toContain('Deleted')
    expect(runs[1]?.stdout).toContain(`Deleted old backup ${join(out, '2020-01-01T00-00-00Z')}`)
    expect(runs[2]?.stdout).toContain(`Deleted old backup ${made[0]}`)
  })
})
