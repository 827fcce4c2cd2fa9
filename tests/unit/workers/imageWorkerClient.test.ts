import { afterEach, describe, expect, it, vi } from 'vitest'
import { createImageWorkerClient, jpegFile } from '../support/fakeImageWorker'

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
