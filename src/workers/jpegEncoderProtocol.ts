/** The messages between the image worker and its JPEG encoder thread (jpegEncoder.worker.ts). */
export interface EncodeCall {
  id: number
  /** Transferred: the encoder closes it. */
  bitmap: ImageBitmap
  quality: number
}

export type EncodeAnswer = { id: number; blob: Blob } | { id: number; error: string }
