/**
 * The SHA-256 of a page's bytes as hex, to notice the same image added twice. The image worker computes it for
 * the pages it makes (the bytes are already there; reading and hashing them on the main thread took 115–420 ms
 * of a 30-page capture in bench:lowend); storage computes it only for pages that come without one (PDFs, which never
 * go to the worker). WebCrypto hashes on a background thread, so only the bytes' copy happens where it runs.
 * Null where WebCrypto is missing (an insecure origin): the page is still kept, just never called a twin.
 */
export async function pageDigest(blob: Blob): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle
  if (!subtle) return null
  const digest = await subtle.digest('SHA-256', await blob.arrayBuffer())
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('')
}
