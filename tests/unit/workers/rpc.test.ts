import { describe, expect, it } from 'vitest'
import { createRpcClient, JobInterruptedError, JobRefusedError, type JobContext } from '@/workers/rpc'
import { deferred } from '../api/fakeHttp'
import { InProcessWorker } from './inProcessWorker'

/** Jobs shaped like the image worker's: one reports progress, one refuses with a code, one can be held open. */
function makeJobs(gate = deferred<void>()) {
  const order: string[] = []
  const jobs = {
    async double({ n }: { n: number }, { progress }: JobContext) {
      progress(n)
      return { doubled: n * 2 }
    },
    async check({ text }: { text: string }) {
      if (!text) throw new JobRefusedError({ reason: 'empty' })
      if (text === 'boom') throw new Error('out of memory')
      return text.length
    },
    async hold({ name }: { name: string }) {
      order.push(`start ${name}`)
      await gate.promise
      order.push(`end ${name}`)
      return name
    },
  }
  return { jobs, gate, order }
}

function setUp() {
  const { jobs, gate, order } = makeJobs()
  const workers: InProcessWorker[] = []
  const client = createRpcClient<typeof jobs>(() => {
    const worker = new InProcessWorker(jobs)
    workers.push(worker)
    return worker as unknown as Worker
  })
  return { client, workers, gate, order }
}

describe('createRpcClient', () => {
  it('calls a job by name and answers with its result and progress, starting the worker on first use', async () => {
    const { client, workers } = setUp()
    expect(client.running).toBe(false)
    const progress: number[] = []
    expect(await client.call('double', { n: 21 }, { onProgress: (value) => progress.push(value) })).toEqual({ doubled: 42 })
    expect(progress).toEqual([21])
    expect(workers).toHaveLength(1)
    expect(client.running).toBe(true)
  })

  it('rejects a refusal with its reason code, and any other failure as a failed refusal', async () => {
    const { client } = setUp()
    const refused = await client.call('check', { text: '' }).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(JobRefusedError)
    expect((refused as JobRefusedError).refusal).toEqual({ reason: 'empty' })
    const failed = await client.call('check', { text: 'boom' }).catch((error: unknown) => error)
    expect((failed as JobRefusedError).refusal).toEqual({ reason: 'failed', stage: 'process', detail: 'Error: out of memory' })
    expect(await client.call('check', { text: 'four' })).toBe(4)
  })

  it('runs jobs one after another in the worker', async () => {
    const { client, gate, order } = setUp()
    const a = client.call('hold', { name: 'a' })
    const b = client.call('hold', { name: 'b' })
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(order).toEqual(['start a'])
    gate.resolve()
    expect(await Promise.all([a, b])).toEqual(['a', 'b'])
    expect(order).toEqual(['start a', 'end a', 'start b', 'end b'])
  })

  it('rejects the calls a crashed worker had, and the next call works in a fresh worker', async () => {
    const { client, workers } = setUp()
    const held = client.call('hold', { name: 'a' })
    await new Promise((resolve) => setTimeout(resolve, 5))
    workers[0]!.crash()
    const error = await held.catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(JobInterruptedError)
    expect((error as JobInterruptedError).reason).toBe('crashed')
    expect(workers[0]!.terminated).toBe(true)
    expect(await client.call('double', { n: 1 })).toEqual({ doubled: 2 })
    expect(workers).toHaveLength(2)
  })

  it('restart() frees the worker at once: its call rejects as restarted, the next call starts a new one', async () => {
    const { client, workers } = setUp()
    const held = client.call('hold', { name: 'a' })
    client.restart()
    await expect(held).rejects.toMatchObject({ reason: 'restarted' })
    expect(workers[0]!.terminated).toBe(true)
    expect(client.running).toBe(false)
    expect(await client.call('double', { n: 2 })).toEqual({ doubled: 4 })
    expect(workers).toHaveLength(2)
  })

  it('terminate() stops for good', async () => {
    const { client, workers } = setUp()
    const held = client.call('hold', { name: 'a' })
    client.terminate()
    await expect(held).rejects.toMatchObject({ reason: 'stopped' })
    await expect(client.call('double', { n: 1 })).rejects.toMatchObject({ reason: 'stopped' })
    expect(workers).toHaveLength(1)
  })

  it('refuses a job the worker does not have, with a code', async () => {
    const { client } = setUp()
    const error = await client.call('nope' as 'double', { n: 1 }).catch((caught: unknown) => caught)
    expect((error as JobRefusedError).refusal).toEqual({ reason: 'unknown-job', job: 'nope' })
  })
})
