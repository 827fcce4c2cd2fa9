/**
 * Gives the main thread back until the next task, so a frame that is due is drawn first: scheduler.yield where the
 * browser has it, a message otherwise (not setTimeout, which waits at least 4 ms once nested and is slowed in a
 * background tab). The reader yields between its fields with it: the four fields of a noisy page in one go were a
 * main-thread task of up to 825 ms on a slow phone (bench:lowend).
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
