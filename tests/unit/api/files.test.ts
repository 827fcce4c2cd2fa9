import { describe, expect, it } from 'vitest'
import { downloadFile, isBackendFile } from '@/api/files'
import { installFakeHttp } from './fakeHttp'

describe('isBackendFile', () => {
  it('takes paths on the backend', () => {
    expect(['/private/files/page-1.jpg', '/files/logo.png', 'private/files/x.jpg'].map(isBackendFile)).toEqual([true, true, true])
  })

  it('refuses anything the browser would send to another host', () => {
    const elsewhere = [
      'https://cdn.example.com/x.jpg',
      'http://erp.example.com/private/files/x.jpg',
      '//evil.example/x.jpg',
      '/\\evil.example/x.jpg',
      '\\\\evil.example/x.jpg',
      'data:image/png;base64,AAAA',
    ]
    expect(elsewhere.filter(isBackendFile)).toEqual([])
  })
})

describe('downloadFile', () => {
  it('never sends a request for a file on another host (the API key pair would go with it)', async () => {
    const fake = installFakeHttp()
    try {
      await expect(downloadFile('/\\evil.example/x.jpg')).rejects.toMatchObject({
        excType: 'NotABackendFile',
        messages: ['This file is not stored on the server this app sends to, so it is not opened here.'],
        retryable: false,
      })
      expect(fake.requests).toEqual([])
    } finally {
      fake.restore()
    }
  })
})
