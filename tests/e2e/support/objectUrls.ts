/** What `countObjectUrls` keeps on `window.__urls`. */
export interface ObjectUrlCount {
  created: number
  /** Made and not yet revoked. */
  live: Set<string>
}

/**
 * An init script (it runs inside the page, before the app's code): wraps URL.createObjectURL and
 * revokeObjectURL so a test can see, on `window.__urls`, how many URLs were made and which are still live.
 */
export function countObjectUrls(): void {
  const log: ObjectUrlCount = { created: 0, live: new Set<string>() }
  const create = URL.createObjectURL.bind(URL)
  const revoke = URL.revokeObjectURL.bind(URL)
  URL.createObjectURL = (object: Blob | MediaSource) => {
    const url = create(object)
    log.created += 1
    log.live.add(url)
    return url
  }
  URL.revokeObjectURL = (url: string) => {
    log.live.delete(url)
    revoke(url)
  }
  ;(window as unknown as { __urls: ObjectUrlCount }).__urls = log
}
