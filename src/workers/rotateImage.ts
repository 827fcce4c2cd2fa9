import type { QuarterTurn } from './imageProtocol'

/**
 * Applies the clerk's rotation to an image page just before it is sent, so the backend stores it the
 * way the clerk saw it. Decodes one page at a time and releases the bitmap at once; an unrotated page
 * is passed through untouched (no re-encoding). Runs in the image worker (OffscreenCanvas).
 */
export async function rotateImageBlob(blob: Blob, rotation: QuarterTurn, mime: string): Promise<Blob> {
  if (rotation === 0) return blob
  const bitmap = await createImageBitmap(blob)
  try {
    const sideways = rotation === 90 || rotation === 270
    const width = sideways ? bitmap.height : bitmap.width
    const height = sideways ? bitmap.width : bitmap.height
    const canvas = new OffscreenCanvas(width, height)
    const context = canvas.getContext('2d')
    if (!context) throw new Error('This browser cannot rotate images before sending them.')
    context.translate(width / 2, height / 2)
    context.rotate((rotation * Math.PI) / 180)
    context.drawImage(bitmap, -bitmap.width / 2, -bitmap.height / 2)
    // Same settings every time, so a page re-sent after a lost answer has the same bytes and is stored once.
    return await canvas.convertToBlob(mime === 'image/png' ? { type: 'image/png' } : { type: 'image/jpeg', quality: 0.92 })
  } finally {
    bitmap.close()
  }
}
