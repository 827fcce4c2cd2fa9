/**
 * The image worker's jobs, by name. A new job (document detection, warping) is one more entry here: the
 * worker serves it and `ImageWorkerClient.run()` calls it, typed, with nothing else to change.
 */
import type { CreateSurface } from './canvasSurface'
import { pageDigest } from '../lib/pageDigest'
import type { DecodeMethod, NormalizedOutput, NormalizeParams, RotateParams } from './imageProtocol'
import { NormalizeError, normalizeImage, type ShapeDocument } from './normalizeImage'
import { rotateImageBlob } from './rotateImage'
import { JobRefusedError, type JobContext, type JobHandlers } from './rpc'

/** What differs between the worker and the main-thread fallback. */
export interface ImageJobsEnv {
  createSurface: CreateSurface
  /** The method name to report for the createImageBitmap path. */
  bitmapMethod: DecodeMethod
  /** The document step (crop, flatten, look); absent where pages stay whole. */
  shapeDocument?: ShapeDocument
}

/** The jobs, over the canvas that works where they run. */
export function createImageJobs(env: ImageJobsEnv) {
  return {
    /** A photo made into a page and a thumbnail, with the page's digest; progress reports the pixels about to be decoded. */
    async normalize(params: NormalizeParams, { progress }: JobContext): Promise<NormalizedOutput> {
      try {
        const output = await normalizeImage(params, { ...env, onDecoding: progress })
        // Hashed here, where the page's bytes already are: storage keeps the digest instead of reading them again.
        return { ...output, sha256: await pageDigest(output.page) }
      } catch (error) {
        if (error instanceof NormalizeError) throw new JobRefusedError(error.refusal)
        throw error
      }
    },
    /** An image page turned the way the clerk turned it, just before it is sent. */
    async rotate({ blob, rotation, mime }: RotateParams): Promise<Blob> {
      return rotateImageBlob(blob, rotation, mime)
    },
  } satisfies JobHandlers
}

export type ImageJobs = ReturnType<typeof createImageJobs>
