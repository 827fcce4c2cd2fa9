import { describe, expect, it, vi } from 'vitest'
import { createImageJobs } from '@/workers/imageJobs'
import type { NormalizedOutput, NormalizeParams } from '@/workers/imageProtocol'

// The page itself needs a canvas (the e2e tests run the real one); here the job's own work around it is tested.
vi.mock('@/workers/normalizeImage', () => ({
  NormalizeError: class extends Error {},
  normalizeImage: async (): Promise<NormalizedOutput> => ({
    page: new Blob(['page 0'], { type: 'image/jpeg' }),
    thumb: null,
    width: 2000,
    height: 1500,
    mime: 'image/jpeg',
    keptOriginal: false,
    decoded: { width: 2000, height: 1500, method: 'image-decoder' },
  }),
}))

describe('image jobs', () => {
  it('answers a made page with the SHA-256 of its bytes, so the main thread does not hash it', async () => {
    const jobs = createImageJobs({ createSurface: () => ({}) as never, bitmapMethod: 'bitmap-resize' })
    const made = await jobs.normalize({} as NormalizeParams, { progress: () => undefined })
    // sha256("page 0")
    expect(made.sha256).toBe('98b8816d5a9f858675fcf86e0a700481b105e3ff7b700934c731b8ab667b1308')
  })
})
