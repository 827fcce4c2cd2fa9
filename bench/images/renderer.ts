/**
 * Reads a Chromium tab's renderer process memory from /proc (Linux). The JS heap alone misses decoded
 * pixels, canvases and Blobs, which live outside it; the renderer's resident memory does not.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'

interface ProcessInfo {
  pid: number
  ppid: number
  cmdline: string
}

function listProcesses(): ProcessInfo[] {
  const found: ProcessInfo[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8')
      // Chromium rewrites its process title, so arguments may be joined by spaces rather than NULs.
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ')
      found.push({ pid: Number(entry), ppid: Number(/PPid:\s+(\d+)/.exec(status)?.[1] ?? 0), cmdline })
    } catch {
      // The process ended while we looked.
    }
  }
  return found
}

function threadNames(pid: number): string[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map((tid) => {
      try {
        return readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim()
      } catch {
        return ''
      }
    })
  } catch {
    return []
  }
}

/**
 * The renderer process of the tab just opened: a Chromium `--type=renderer` process descended from
 * `ancestorPid` (this Node process), not in `exclude`, running a dedicated worker (the bench page
 * starts one; spare renderers have none). Waits up to 5 s for it to appear.
 */
export async function findRenderer(ancestorPid: number, exclude: ReadonlySet<number>): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const processes = listProcesses()
    const parent = new Map(processes.map((p) => [p.pid, p.ppid]))
    const descends = (pid: number) => {
      for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === ancestorPid) return true
      return false
    }
    const candidates = processes.filter(
      (p) =>
        p.cmdline.includes('--type=renderer') &&
        !exclude.has(p.pid) &&
        descends(p.pid) &&
        threadNames(p.pid).some((name) => name.startsWith('DedicatedWorker')),
    )
    if (candidates.length === 1) return candidates[0]!.pid
    if (candidates.length > 1)
      throw new Error(`several renderer processes could be the bench tab: ${candidates.map((p) => p.pid).join(', ')}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('could not find the bench tab’s renderer process in /proc')
}

/** Resident memory now and its high-water mark, in kB. */
export function readRendererMemory(pid: number): { rssKb: number; peakKb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN)
  return { rssKb: field('VmRSS'), peakKb: field('VmHWM') }
}

/** Resets the high-water mark to the current resident memory (Linux ≥ 4.0: write 5 to clear_refs). */
export function resetPeak(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5')
}
