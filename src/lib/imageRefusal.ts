/** Sentences shown to the clerk, each naming the problem and, where there is one, the way out. */
export const IMAGE_MESSAGES = {
  empty: 'This file is empty (0 bytes).',
  notImage: 'This file is not an image or PDF.',
  damaged: "This image is damaged and can't be read.",
  heic: "HEIC photos can't be read by this browser — set the phone camera to “Most Compatible” (JPEG) or send the photo as a JPEG.",
  unsupported: (kind: string) => `${kind.toUpperCase()} images can't be read by this browser — please send the photo as a JPEG.`,
  tooManyBytes: (bytes: number) => `This file is too large (${formatMegabytes(bytes)}); the limit is 50 MB.`,
  tooManyPixels: (pixels: number) => `This image is too large (${formatMegapixels(pixels)}); the limit is 100 MP.`,
} as const

/**
 * Why a file did not become a page: a code the app can act on, with only what the clerk's sentence needs.
 * The worker sends this, never a sentence, so nothing has to match message text.
 */
export type ImageRefusal =
  | { reason: 'empty' | 'not-image' | 'damaged' }
  | { reason: 'too-large'; bytes?: number; pixels?: number }
  | { reason: 'unsupported'; kind: string }
  /** `stage` says which step failed: reading the file, converting it, or the worker as a whole. */
  | { reason: 'failed'; stage: 'read' | 'convert' | 'process'; detail: string }

/** The sentence the clerk sees for a refusal. */
export function refusalMessage(refusal: ImageRefusal): string {
  switch (refusal.reason) {
    case 'empty':
      return IMAGE_MESSAGES.empty
    case 'not-image':
      return IMAGE_MESSAGES.notImage
    case 'damaged':
      return IMAGE_MESSAGES.damaged
    case 'too-large':
      return refusal.bytes !== undefined ? IMAGE_MESSAGES.tooManyBytes(refusal.bytes) : IMAGE_MESSAGES.tooManyPixels(refusal.pixels ?? 0)
    case 'unsupported':
      return refusal.kind === 'heic' ? IMAGE_MESSAGES.heic : IMAGE_MESSAGES.unsupported(refusal.kind)
    case 'failed':
      if (refusal.stage === 'read') return `This file couldn't be read (${refusal.detail}).`
      if (refusal.stage === 'convert')
        return `This image couldn't be converted${refusal.detail ? ` (${refusal.detail})` : ''}; please try again or remove some pages first.`
      return `This image couldn't be processed (${refusal.detail}).`
  }
}

/** "120 MP"; one decimal where rounding would hide that the figure is over the limit ("100.4 MP"). */
export function formatMegapixels(pixels: number): string {
  return `${oneDecimalNearLimit(pixels / 1_000_000, 100)} MP`
}

function formatMegabytes(bytes: number): string {
  return `${oneDecimalNearLimit(bytes / (1024 * 1024), 50)} MB`
}

function oneDecimalNearLimit(value: number, limit: number): string {
  return Math.round(value) > limit ? String(Math.round(value)) : String(Number(value.toFixed(1)))
}
