import { describe, expect, it } from 'vitest'
import { createSendQueue } from '@/lib/submission/sendQueue'
import { deferred } from '../../api/fakeHttp'

/** A run that records what it did and can be held open until the test lets it finish. */
function recorder() {
  const log: string[] = []
  const held = new Map<string, ReturnType<typeof deferred<void>>>()
  const run = async (id: string, signal: AbortSignal) => {
    log.push(`start ${id}`)
    const gate = held.get(id)
    if (gate) {
      signal.addEventListener('abort', () => gate.resolve())
      await gate.promise
    }
    log.push(signal.aborted ? `stopped ${id}` : `done ${id}`)
  }
  return { log, held, run }
}

describe('createSendQueue', () => {
  it('sends one draft at a time, in the order asked', async () => {
    const { log, held, run } = recorder()
    const queue = createSendQueue(run)
    held.set('a', deferred<void>())
    const a = queue.enqueue('a')
    const b = queue.enqueue('b')
    await Promise.resolve()
    expect(log).toEqual(['start a'])
    held.get('a')!.resolve()
    await Promise.all([a, b])
    expect(log).toEqual(['start a', 'done a', 'start b', 'done b'])
  })

  it('carries on with the next draft when a run fails, and never rejects', async () => {
    const log: string[] = []
    const queue = createSendQueue(async (id) => {
      log.push(id)
      if (id === 'bad') throw new Error('IndexedDB is gone')
    })
    await expect(queue.enqueue('bad')).resolves.toBeUndefined()
    await queue.enqueue('good')
    expect(log).toEqual(['bad', 'good'])
  })

  it('stops the run in progress on abort', async () => {
    const { log, held, run } = recorder()
    const queue = createSendQueue(run)
    held.set('a', deferred<void>())
    const a = queue.enqueue('a')
    await Promise.resolve()
    queue.abort()
    await a
    expect(log).toEqual(['start a', 'stopped a'])
  })

  it('holds a draft out while it is discarded: its run is stopped and waited for, queued runs of it are skipped', async () => {
    const { log, held, run } = recorder()
    const queue = createSendQueue(run)
    held.set('a', deferred<void>())
    void queue.enqueue('a')
    await Promise.resolve()
    const discarded = queue.withhold('a', async () => {
      log.push('discard a')
      expect(queue.isWithheld('a')).toBe(true)
      // Retry pressed meanwhile: nothing is sent for it.
      await queue.enqueue('a')
      return 'gone'
    })
    expect(await discarded).toBe('gone')
    expect(queue.isWithheld('a')).toBe(false)
    await queue.enqueue('b')
    expect(log).toEqual(['start a', 'stopped a', 'discard a', 'start b', 'done b'])
  })

  it('leaves another draft’s run alone while one is discarded', async () => {
    const { log, held, run } = recorder()
    const queue = createSendQueue(run)
    held.set('b', deferred<void>())
    const b = queue.enqueue('b')
    await Promise.resolve()
    await queue.withhold('a', async () => log.push('discard a'))
    expect(log).toEqual(['start b', 'discard a'])
    held.get('b')!.resolve()
    await b
    expect(log).toEqual(['start b', 'discard a', 'done b'])
  })
})
