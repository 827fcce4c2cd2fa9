import { afterAll, beforeAll } from 'vitest'
import { CLERK, TestClient } from './client'
import { startTestServer, type StartTestServerOptions, type TestServer } from './server'

/** A test server with the demo clerk signed in. */
export interface SignedInClerk {
  server: TestServer
  clerk: TestClient
}

/**
 * Starts one server for the file's tests with the demo clerk signed in, hands both to `ready` (which may set
 * up more, e.g. an invoice to attach files to), and stops the server after the file's tests.
 */
export function useSignedInClerk(ready: (session: SignedInClerk) => void | Promise<void>, options: StartTestServerOptions = {}): void {
  let server: TestServer | undefined
  beforeAll(async () => {
    server = await startTestServer(options)
    const clerk = new TestClient(server.url)
    await clerk.login(CLERK)
    await ready({ server, clerk })
  })
  afterAll(async () => {
    await server?.stop()
  })
}
