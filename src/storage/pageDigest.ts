/**
 * The SHA-256 of a page's bytes as hex, to notice the same image added twice. WebCrypto hashes off the main
 * thread (the promise resolves when a background thread is done), so only the bytes' copy happens here.
 * Null where WebCrypto is missing (an insecure origin): the page is still kept, just never called a twin.
 */
export async function pageDigest(blob: Blob): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle
  if (!subtle) return null
  const digest = await subtle.digest('SHA-256', await blob.arrayBuffer())
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('')
}
