/** Translates a message key (src/locales) with named values: vue-i18n's `t`, handed in so this file stays pure. */
export type Translate = (key: string, named?: Record<string, unknown>) => string

// The limits the clerk is told about (the checks are in imageSniff.ts).
const LIMIT_MB = 50
const LIMIT_MP = 100

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

/**
 * The sentence the clerk sees for a refusal, in the app's language. The worker only ever sends the refusal
 * (a code and its figures); the words are made here, on the main thread, where the language is known.
 */
export function refusalMessage(refusal: ImageRefusal, t: Translate): string {
  switch (refusal.reason) {
    case 'empty':
      return t('errors.image.empty')
    case 'not-image':
      return t('errors.image.notImage')
    case 'damaged':
      return t('errors.image.damaged')
    case 'too-large':
      return refusal.bytes !== undefined
        ? t('errors.image.tooManyBytes', { size: oneDecimalNearLimit(refusal.bytes / (1024 * 1024), LIMIT_MB), limit: LIMIT_MB })
        : t('errors.image.tooManyPixels', { size: oneDecimalNearLimit((refusal.pixels ?? 0) / 1_000_000, LIMIT_MP), limit: LIMIT_MP })
    case 'unsupported':
      return refusal.kind === 'heic' ? t('errors.image.heic') : t('errors.image.unsupported', { kind: refusal.kind.toUpperCase() })
    case 'failed':
      if (refusal.stage === 'read') return t('errors.image.readFailed', { detail: refusal.detail })
      if (refusal.stage === 'convert')
        return refusal.detail ? t('errors.image.convertFailedDetail', { detail: refusal.detail }) : t('errors.image.convertFailed')
      return t('errors.image.processFailed', { detail: refusal.detail })
  }
}

/** "120"; one decimal where rounding would hide that the figure is over the limit ("100.4"). */
function oneDecimalNearLimit(value: number, limit: number): string {
  return Math.round(value) > limit ? String(Math.round(value)) : String(Number(value.toFixed(1)))
}
