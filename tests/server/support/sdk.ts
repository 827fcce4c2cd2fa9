import type { AxiosResponse } from 'axios'
import { FrappeApp } from 'frappe-js-sdk'
import { issueApiKey } from '../../../server/src/domain/users.ts'
import type { TestServer } from './server'

/** What frappe-js-sdk rejects with: Frappe's error body spread, plus the HTTP status and `exception`. */
export interface SdkError {
  httpStatus: number
  message: string
  exception: string
  exc_type?: string
  _server_messages?: string
}

/** The SDK's rejection for a call that must fail (the test fails if it resolves). */
export async function sdkError(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise
  } catch (error) {
    return error as SdkError
  }
  throw new Error('expected the SDK call to fail, but it resolved')
}

/** An app with `Authorization: token key:secret`, as a server-to-server integration uses the SDK. */
export function tokenApp(server: TestServer, user: string): FrappeApp {
  const { api_key, api_secret } = issueApiKey(server.app.scanner.db, user)
  return new FrappeApp(server.url, { useToken: true, type: 'token', token: () => `${api_key}:${api_secret}` })
}

/**
 * An app on a cookie session. In Node, axios keeps no cookies, so an integration adds a small jar with
 * two interceptors on the SDK's own axios instance, as done here; the SDK itself never sees the sid.
 */
export function cookieApp(server: TestServer): { app: FrappeApp; cookies: Map<string, string> } {
  const app = new FrappeApp(server.url)
  const cookies = new Map<string, string>()
  const keep = (response: AxiosResponse | undefined) => {
    const lines = response?.headers['set-cookie'] ?? []
    for (const line of lines) {
      const [pair = ''] = line.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line) || /max-age=0(;|$)/i.test(line)) cookies.delete(name)
      else cookies.set(name, value)
    }
  }
  app.axios.interceptors.request.use((config) => {
    if (cookies.size) config.headers.set('Cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '))
    return config
  })
  app.axios.interceptors.response.use(
    (response) => {
      keep(response)
      return response
    },
    (error: { response?: AxiosResponse }) => {
      keep(error.response)
      throw error
    },
  )
  return { app, cookies }
}
