import { callMethod, type CallOptions } from './envelope'
import { FrappeError } from './errors'
import { t } from '@/locales/i18n'

/**
 * Checks that a Frappe backend answers at the configured (or overridden) address: `GET
 * /api/method/ping` must say "pong". Rejects with a FrappeError describing what went wrong.
 */
export async function ping(options: CallOptions = {}): Promise<'pong'> {
  const answer = await callMethod<unknown>('ping', options)
  if (answer !== 'pong') {
    throw new FrappeError({
      excType: 'InvalidResponse',
      httpStatus: 200,
      messages: [t('errors.notFrappe')],
      retryable: false,
    })
  }
  return answer
}
