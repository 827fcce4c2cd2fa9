import { afterEach, describe, expect, it } from 'vitest'
import { useTestServers } from './support/server'

// Issue 12 item 11: an acknowledged batch must survive a power cut, not only a crash of the process.
const startServer = useTestServers()

describe('SQLite durability', () => {
  const saved = process.env.SCANNER_SQLITE_SYNCHRONOUS
  afterEach(() => {
    if (saved === undefined) delete process.env.SCANNER_SQLITE_SYNCHRONOUS
    else process.env.SCANNER_SQLITE_SYNCHRONOUS = saved
  })

  it('runs WAL with synchronous=FULL, so a commit is on disk before the answer goes out', async () => {
    delete process.env.SCANNER_SQLITE_SYNCHRONOUS
    const server = await startServer()
    const { db } = server.app.scanner
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('synchronous', { simple: true })).toBe(2)
  })

  it('takes NORMAL only when the operator asks for it, and refuses anything else', async () => {
    process.env.SCANNER_SQLITE_SYNCHRONOUS = 'NORMAL'
    expect((await startServer()).app.scanner.db.pragma('synchronous', { simple: true })).toBe(1)
    process.env.SCANNER_SQLITE_SYNCHRONOUS = 'OFF'
    await expect(startServer()).rejects.toThrow(/SCANNER_SQLITE_SYNCHRONOUS must be FULL or NORMAL/)
  })
})
