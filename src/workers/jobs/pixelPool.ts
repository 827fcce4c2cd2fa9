/**
 * Page-size pixel buffers one image worker reuses from job to job. Each shaped page used to leave ~27 MB of
 * fresh buffers (pixels read back, the flattened copy, the grey) as garbage; with the document maths made
 * cheap, the worker's GC ran only every few photos and earlier photos' buffers lingered beside the next
 * one's, raising the one-photo peak (issue 13). Reused, a burst of jobs holds one set, grown to the largest
 * page. The set is dropped once the worker has been idle for `idleMs`, so nothing stays held between bursts
 * beyond what the app's memory account already counts for a running shaped job (its page × 4).
 */
export type PixelRole = 'page' | 'flat' | 'grey'

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
