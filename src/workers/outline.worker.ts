/** The live outline's worker: one camera frame at a time, see `outlineJobs.ts`. */
import { createOutlineJobs } from './outlineJobs'
import { serveJobs } from './rpcServe'

declare const self: DedicatedWorkerGlobalScope

serveJobs(self, createOutlineJobs())
