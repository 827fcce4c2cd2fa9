import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ConfigError, loadSiteConfig } from '../../server/src/config'
import { buildApp } from '../../server/src/app'
import { METHOD, TestClient, ADMIN } from './support/client'
import { startTestServer } from './support/server'

const dirs: string[] = []
function dataDirWith(config: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'scanner-config-test-'))
  dirs.push(dir)
  writeFileSync(join(dir, 'site_config.json'), typeof config === 'string' ? config : JSON.stringify(config))
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const DEFAULTS = {
  enable_gc: true,
  gc_threshold: 0.8,
  max_memory_mb: 2048,
  batch_size: 50,
  cleanup_interval: 300,
  force_cleanup_threshold: 0.9,
}

describe('site_config.json', () => {
  it('takes the defaults when the file or the block is missing', () => {
    const empty = mkdtempSync(join(tmpdir(), 'scanner-config-test-'))
    dirs.push(empty)
    expect(loadSiteConfig(empty).memory_optimization).toEqual(DEFAULTS)
    expect(loadSiteConfig(dataDirWith({ db_name: 'site1' })).memory_optimization).toEqual(DEFAULTS)
  })

  it('writes the defaults to a new data dir, where the operator can find and edit them', () => {
    const empty = mkdtempSync(join(tmpdir(), 'scanner-config-test-'))
    dirs.push(empty)
    loadSiteConfig(empty)
    expect(JSON.parse(readFileSync(join(empty, 'site_config.json'), 'utf8'))).toEqual({ memory_optimization: DEFAULTS })
    // An existing file is read, never rewritten.
    const edited = dataDirWith({ memory_optimization: { batch_size: 25 } })
    loadSiteConfig(edited)
    expect(JSON.parse(readFileSync(join(edited, 'site_config.json'), 'utf8'))).toEqual({ memory_optimization: { batch_size: 25 } })
  })

  it('fills missing keys with defaults', () => {
    const config = loadSiteConfig(dataDirWith({ memory_optimization: { max_memory_mb: 512, batch_size: 25 } }))
    expect(config.memory_optimization).toEqual({ ...DEFAULTS, max_memory_mb: 512, batch_size: 25 })
  })

  it.each([
    [{ gc_threshold: 1.5 }, /memory_optimization\.gc_threshold must be a number above 0 and at most 1, got 1\.5/],
    [{ max_memory_mb: '2048' }, /max_memory_mb must be a whole number/],
    [{ batch_size: 0 }, /batch_size must be a whole number from 1 to 500/],
    [{ batch_size: 501 }, /batch_size/],
    [{ enable_gc: 'yes' }, /enable_gc must be true or false/],
    [{ cleanup_interval: -1 }, /cleanup_interval/],
    [{ gc_treshold: 0.5 }, /unknown key memory_optimization\.gc_treshold/],
    [{ gc_threshold: 0.95, force_cleanup_threshold: 0.9 }, /force_cleanup_threshold \(0\.9\) must not be below gc_threshold \(0\.95\)/],
  ])('refuses %j with a message naming the key', (block, message) => {
    const dir = dataDirWith({ memory_optimization: block })
    expect(() => loadSiteConfig(dir)).toThrow(ConfigError)
    expect(() => loadSiteConfig(dir)).toThrow(message)
  })

  it('refuses a file that is not JSON', () => {
    expect(() => loadSiteConfig(dataDirWith('{ memory_optimization: '))).toThrow(/site_config\.json is not valid JSON/)
  })

  it('stops the server from starting with a bad value', async () => {
    await expect(buildApp({ dataDir: dataDirWith({ memory_optimization: { max_memory_mb: -5 } }) })).rejects.toThrow(
      /max_memory_mb must be a whole number/,
    )
  })

  it('is what get_memory_config answers', async () => {
    const server = await startTestServer({ siteConfig: { memory_optimization: { batch_size: 20, max_memory_mb: 4096 } } })
    try {
      const client = new TestClient(server.url)
      await client.login(ADMIN)
      const answer = await client.get(`${METHOD}.get_memory_config`)
      expect(answer.body).toEqual({ message: { ...DEFAULTS, batch_size: 20, max_memory_mb: 4096 } })
    } finally {
      await server.stop()
    }
  })
})
