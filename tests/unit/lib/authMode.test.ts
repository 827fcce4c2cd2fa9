import { describe, expect, it } from 'vitest'
import { authMode, authModeSentence } from '@/lib/authMode'

const page = 'https://scan.example.com'
const none = { apiKey: '', apiSecret: '' }
const keys = { apiKey: 'k1', apiSecret: 's1' }

describe('authMode', () => {
  it('uses the cookie session for this server or one on the same site', () => {
    expect(authMode({ backendUrl: '', ...none, pageOrigin: page })).toBe('cookie')
    expect(authMode({ backendUrl: 'https://erp.example.com', ...none, pageOrigin: page })).toBe('cookie')
  })

  it('says a server on another site gets no cookie, and that a key pair is needed', () => {
    const mode = authMode({ backendUrl: 'https://erp.other.org', ...none, pageOrigin: page })
    expect(mode).toBe('cookie-cross-site')
    expect(authModeSentence(mode)).toMatch(/add an API key pair/)
    expect(authMode({ backendUrl: 'http://erp.example.com', ...none, pageOrigin: page })).toBe('cookie-cross-site')
  })

  it('uses the token only when both key and secret are set', () => {
    expect(authMode({ backendUrl: '', ...keys, pageOrigin: page })).toBe('token')
    expect(authMode({ backendUrl: '', apiKey: 'k1', apiSecret: ' ', pageOrigin: page })).toBe('cookie')
    expect(authMode({ backendUrl: 'https://erp.other.org', ...keys, pageOrigin: page })).toBe('token-cross-site')
    expect(authModeSentence('token')).toMatch(/password sign-in on this site is used first/)
  })

  it('compares IP addresses whole', () => {
    expect(authMode({ backendUrl: 'http://10.0.0.2:8000', ...none, pageOrigin: 'http://10.0.0.1:8000' })).toBe('cookie-cross-site')
    expect(authMode({ backendUrl: 'http://127.0.0.1:9000', ...none, pageOrigin: 'http://127.0.0.1:8000' })).toBe('cookie')
  })
})
