/**
 * Gives the main thread back until the next task, so a frame that is due is drawn first: scheduler.yield where the
 * browser has it, a message otherwise (not setTimeout, which waits at least 4 ms once nested and is slowed in a
 * background tab). The same as the reader's own (composables/useDocumentReader.ts).
 */
export function yieldToMain(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler
  if (scheduler?.yield) return scheduler.yield()
  return new Promise((resolve) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => {
      channel.port1.close()
      resolve()
    }
    channel.port2.postMessage(null)
  })
}
