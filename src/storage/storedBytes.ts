/**
 * A Blob as IndexedDB keeps it where Blobs cannot be (WebKit's ephemeral sessions, Safari Private Browsing):
 * its bytes and its MIME type. Free of the app's messages, so bench:images measures this very conversion.
 */
export interface StoredBytes {
  bytes: ArrayBuffer
  type: string
}

/** The Blob's bytes and type, in the form a private window's IndexedDB takes. */
export async function keepAsBytes(blob: Blob): Promise<StoredBytes> {
  return { bytes: await blob.arrayBuffer(), type: blob.type }
}

function isStoredBytes(value: unknown): value is StoredBytes {
  return !!value && typeof value === 'object' && (value as { bytes?: unknown }).bytes instanceof ArrayBuffer
}

/** Turns a stored value back into a Blob, whichever way it was kept. */
export function fromStorable(value: Blob | StoredBytes): Blob {
  return isStoredBytes(value) ? new Blob([value.bytes], { type: value.type }) : value
}
