/**
 * Buffers one image worker reuses from job to job: the page's grey (the readability check), for black and
 * white its RGBA, and detection's runs (regions.ts). Fresh buffers per job were left as garbage that the
 * worker's GC collected only every few photos, so earlier photos' buffers lingered beside the next one's and
 * raised the one-photo peak (issue 13). Reused, a burst of jobs holds one set, grown to the largest page. The
 * set is dropped once the worker has been idle for `idleMs`, so nothing stays held between bursts beyond what
 * the app's memory account already counts for a running shaped job.
 */
export type PixelRole = 'page' | 'grey' | 'runs'

export class PixelPool {
  private readonly buffers = new Map<PixelRole, ArrayBuffer>()
  private idleTimer: ReturnType<typeof setTimeout> | undefined

  constructor(private readonly idleMs: number) {}

  /** A view of exactly `bytes` bytes of the buffer kept for `role` (old contents), grown when too small. */
  take(role: PixelRole, bytes: number): Uint8ClampedArray<ArrayBuffer> {
    clearTimeout(this.idleTimer)
    let buffer = this.buffers.get(role)
    if (!buffer || buffer.byteLength < bytes) {
      // Dropped before the larger one is made, so the two are never both referenced from here.
      this.buffers.delete(role)
      buffer = new ArrayBuffer(bytes)
      this.buffers.set(role, buffer)
    }
    return new Uint8ClampedArray(buffer, 0, bytes)
  }

  /** A job is done with its views: drop the set unless another job takes it within `idleMs`. */
  rest(): void {
    clearTimeout(this.idleTimer)
    this.idleTimer = setTimeout(() => this.release(), this.idleMs)
  }

  /** Forgets every buffer; a view still held by a finishing job keeps its own alive until it is done. */
  release(): void {
    clearTimeout(this.idleTimer)
    this.buffers.clear()
  }

  /** Bytes held now (for tests and the bench). */
  get heldBytes(): number {
    let total = 0
    for (const buffer of this.buffers.values()) total += buffer.byteLength
    return total
  }
}
