import { t } from '@/locales/i18n'

/** What decides whether sending may go on now. */
export interface SendingConditions {
  online: boolean
  /** Signed in offline, and the server has not confirmed the sign-in yet. */
  sessionOffline: boolean
  canCapture: boolean
  /** The memory store's sentence for why it refuses, if it has one. */
  memoryRefusal: string | null
}

/**
 * Why sending waits, or null when it may go on: offline, until the server has confirmed the sign-in of a
 * clerk who started offline, and while memory is critical.
 */
export function pauseReason({ online, sessionOffline, canCapture, memoryRefusal }: SendingConditions): string | null {
  if (!online || sessionOffline) return t('submission.pausedOffline')
  if (!canCapture) return t('submission.pausedMemory', { reason: memoryRefusal ?? t('submission.memoryFull') })
  return null
}
