import { afterEach, describe, expect, it, vi } from 'vitest'
import { createImageWorkerClient, FakeImageWorker, holdFile, jpegFile } from '../support/fakeImageWorker'

afterEach(() => vi.restoreAllMocks())

describe('image worker client', () => {
  it('reads no file header in the task that handed the files over (Chromium checks each picked file on disk there)', async () => {
    const slice = vi.spyOn(Blob.prototype, 'slice')
    const client = createImageWorkerClient()
    const files = ['a.jpg', 'b.jpg', 'c.jpg'].map((name) => jpegFile(name))
    const made = Promise.all(files.map((file) => client.normalize(file, { fileName: file.name })))
    // Every promise job of this task runs, but no other task: the headers wait for tasks of their own.
    for (let i = 0; i < 20; i += 1) await Promise.resolve()
    expect(slice).not.toHaveBeenCalled()
    expect((await made).map((image) => image.width)).toEqual([2000, 2000, 2000])
    expect(slice).toHaveBeenCalledTimes(3)
    client.terminate()
  })
})

describe('the kept original’s encode', () => {
  it('goes to a thread of its own for a photo made alone, and stays in the job’s worker while several wait', async () => {
    FakeImageWorker.normalized.length = 0
    const client = createImageWorkerClient({ cores: 2 })
    await client.normalize(jpegFile('alone.jpg'), { fileName: 'alone.jpg', document: { look: 'document' } })
    // a.jpg is held in its worker until c.jpg has started beside it, so no photo of the three runs alone.
    const release = holdFile('a.jpg')
    const files = ['a.jpg', 'b.jpg', 'c.jpg'].map((name) => jpegFile(name))
    const made = Promise.all(files.map((file) => client.normalize(file, { fileName: file.name, document: { look: 'document' } })))
    await vi.waitFor(() => expect(FakeImageWorker.normalized).toHaveLength(4))
    release()
    await made
    expect(FakeImageWorker.normalized.map((params) => [params.fileName, params.encodeAside])).toEqual([
      ['alone.jpg', true],
      ['a.jpg', false],
      ['b.jpg', false],
      ['c.jpg', false],
    ])
    client.terminate()
  })
})
