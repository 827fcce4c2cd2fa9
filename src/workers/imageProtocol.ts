/**
 * Messages between the app and the image worker. Kept free of DOM and worker globals so both the app
 * and the worker compile it.
 */
export interface NormalizeRequest {
  type: 'normalize'
  id: number
  file: Blob
  fileName: string
  maxPagePx: number
  thumbPx: number
}

export interface NormalizeResult {
  type: 'normalized'
  id: number
  page: Blob
  thumb: Blob
  width: number
  height: number
  /** True when the input was small enough to keep as it was, without re-encoding. */
  keptOriginal: boolean
}

export interface NormalizeFailure {
  type: 'failed'
  id: number
  message: string
}

export type WorkerRequest = NormalizeRequest
export type WorkerResponse = NormalizeResult | NormalizeFailure
