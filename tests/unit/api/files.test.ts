import { describe, expect, it } from 'vitest'
import { contentHash, downloadFile, findAttachedFiles, isBackendFile } from '@/api/files'
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

describe('contentHash', () => {
  // The expected values are RFC 1321's test vector and Node's `createHash('md5')` of the same bytes (what the
  // embedded server stores; Frappe's is Python's hashlib.md5).
  it('is the MD5 in hex that Frappe stores as a File’s content_hash', async () => {
    expect(await contentHash(new Blob(['abc']))).toBe('900150983cd24fb0d6963f7d28e17f72')
    const bytes = new Uint8Array(300_000).map((_, i) => (i * 31) % 251)
    expect(await contentHash(new Blob([bytes]))).toBe('595f72e94389c37764635a38069ac868')
  })
})

describe('findAttachedFiles', () => {
  it('answers the invoice’s Files whose content_hash is the page’s, asking for that invoice’s attachments', async () => {
    const page = new Blob(['page one'])
    const hash = '6f0cba7e8c78450abb4d5af036f77155' // MD5 of "page one"
    const file = (name: string, content_hash: string) => ({ name, content_hash, file_name: `${name}.jpg` })
    const fake = installFakeHttp().on('GET', '/api/resource/File', {
      status: 200,
      body: { data: [file('f-1', 'another'), file('f-2', hash)] },
    })
    try {
      expect((await findAttachedFiles('ACC-PINV-2026-00001', page)).map((found) => found.name)).toEqual(['f-2'])
      expect(JSON.stringify(fake.requests[0])).toContain('ACC-PINV-2026-00001')
    } finally {
      fake.restore()
    }
  })
})
