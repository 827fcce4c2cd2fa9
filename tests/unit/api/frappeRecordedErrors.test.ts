import { describe, expect, it } from 'vitest'
import { errorFromResponse } from '@/api/errors'
import { FIXTURES, recorded } from './recordedAnswers'

// Every recorded Frappe answer (tests/fixtures/frappe, see its README) through the one place the app reads
// Frappe's error envelope, errorFromResponse: what the clerk reads and which path the stores take. The
// transport (tests/unit/api/frappeAnswers.test.ts) hands these same answers to errorFromResponse.

function read(file: string) {
  const answer = recorded(file)
  return errorFromResponse(answer.status, answer.body, answer.headers)
}

describe('every recorded answer', () => {
  it.each(Object.keys(FIXTURES).filter((file) => FIXTURES[file]!.status >= 400))(
    '%s reads as plain words: no HTML tag, no traceback, no Python exception path',
    (file) => {
      const answer = FIXTURES[file]!
      const error = errorFromResponse(answer.status, structuredClone(answer.body), answer.headers)
      expect(error.messages.length, file).toBeGreaterThan(0)
      const text = error.messages.join(' ')
      expect(text).not.toMatch(/<\/?[a-z][^>]*>/i)
      expect(text).not.toMatch(/Traceback|frappe\.exceptions\.|File "/)
      expect(text.trim()).not.toBe('')
    },
  )
})

describe('answers the app must not misread', () => {
  it('a locked-out sign-in is Frappe’s 500 SecurityException: the lock is shown as Frappe words it, not as a server fault or a 429', () => {
    const error = read('login-locked-500.json')
    expect(error).toMatchObject({ excType: 'SecurityException', httpStatus: 500, sessionExpired: false, retryAfter: null })
    // LoginPage shows error.messages: the clerk learns how long to wait.
    expect(error.messages).toEqual(['Your account has been locked and will resume after 300 seconds'])
  })

  it('Frappe’s own 413 (werkzeug’s HTML page, max_file_size) reads like nginx’s: too large, not retried', () => {
    const fromFrappe = read('upload-too-large-413-werkzeug.json')
    const fromNginx = read('upload-too-large-413.json')
    expect(fromFrappe).toMatchObject({ excType: 'RequestEntityTooLarge', httpStatus: 413, retryable: false })
    expect(fromFrappe.messages).toEqual(['The upload is too large for the server to accept.'])
    expect(fromFrappe.messages).toEqual(fromNginx.messages)
  })

  it('session expiry is "signed out" on v15/v16 (403) and on develop (401) alike, a 403 without the flag is not', () => {
    expect(read('session-expired-403.json')).toMatchObject({ httpStatus: 401, sessionExpired: true, excType: 'AuthenticationError' })
    expect(read('session-expired-401-develop.json')).toMatchObject({ httpStatus: 401, sessionExpired: true })
    expect(read('guest-permission-403.json')).toMatchObject({ httpStatus: 403, sessionExpired: false, excType: 'PermissionError' })
    expect(read('delete-not-permitted-403.json')).toMatchObject({ httpStatus: 403, sessionExpired: false })
  })

  it('LinkExistsError (417) names the linked document in plain text and is not retried', () => {
    const error = read('delete-link-exists-417.json')
    expect(error).toMatchObject({ excType: 'LinkExistsError', httpStatus: 417, retryable: false })
    expect(error.messages[0]).toContain('is linked with Payment Entry ACC-PAY-2026-00003')
  })

  it('a duplicate bill keeps the existing invoice’s name from the body, beside exc_type and _server_messages', () => {
    expect(read('duplicate-bill-409.json')).toMatchObject({ httpStatus: 409, existing: 'ACC-PINV-2026-00042' })
  })

  it('memory pressure carries Retry-After from the app’s after_request hook and is retried', () => {
    expect(read('memory-pressure-503.json')).toMatchObject({ httpStatus: 503, retryable: true, retryAfter: 30 })
  })
})
