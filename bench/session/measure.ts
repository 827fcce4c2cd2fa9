/**
 * What the session bench reads from a tab: JS heap after a forced GC, live object URLs (counted by the
 * bench, not by the page under test) and the renderer process's resident memory from /proc.
 */
import { readdirSync, readFileSync } from 'node:fs'
import type { BrowserContext, CDPSession, Page } from 'playwright-core'
import { countObjectUrls as countObjectUrlsInPage, type ObjectUrlCount } from '../../tests/e2e/support/objectUrls'
import { readRendererMemory, resetPeak } from '../images/renderer'

/** One reading of a tab, in bytes / counts. */
export interface TabReading {
  heapBytes: number
  liveObjectUrls: number
  createdObjectUrls: number
  rssKb: number
  /** The renderer's resident high-water mark since the last `startPeak`. */
  peakKb: number
}

/**
 * Counts, in every page of `context` and before any page script runs, the object URLs a page makes and has
 * not revoked, whatever the page's own bookkeeping says (the e2e tests' counter; main thread only).
 */
export async function countObjectUrls(context: BrowserContext): Promise<void> {
  await context.addInitScript(countObjectUrlsInPage)
}

interface ProcessEntry {
  pid: number
  ppid: number
  renderer: boolean
}

function listProcesses(): ProcessEntry[] {
  const found: ProcessEntry[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8')
      // Chromium rewrites its process title, so arguments may be joined by spaces rather than NULs.
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ')
      // Chromium's own UI (--top-chrome-webui) runs in a renderer too; it is never the tab.
      const renderer = cmdline.includes('--type=renderer') && !cmdline.includes('--top-chrome-webui')
      found.push({ pid: Number(entry), ppid: Number(/PPid:\s+(\d+)/.exec(status)?.[1] ?? 0), renderer })
    } catch {
      // The process ended while we looked.
    }
  }
  return found
}

/** User + system CPU time of a process, in clock ticks. */
function cpuTicks(pid: number): number {
  try {
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
    return Number(fields[11]) + Number(fields[12])
  } catch {
    return 0
  }
}

/** Chromium renderer processes descended from this Node process. */
function rendererPids(): number[] {
  const processes = listProcesses()
  const parent = new Map(processes.map((p) => [p.pid, p.ppid]))
  const descends = (pid: number) => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === process.pid) return true
    return false
  }
  return processes.filter((p) => p.renderer && descends(p.pid)).map((p) => p.pid)
}

/**
 * The renderer process of `page`. Only one browser runs at a time here; if it has more than one renderer
 * (a spare one kept for the next navigation, say), the page keeps its main thread busy for a moment and
 * the renderer whose CPU time grows most is the one.
 */
export async function findTabRenderer(page: Page): Promise<number> {
  const candidates = rendererPids()
  if (candidates.length === 1) return candidates[0]!
  if (!candidates.length) throw new Error('no Chromium renderer process found in /proc')
  let grown: { pid: number; ticks: number }[] = []
  // Tried a few times: another renderer may be busy too (starting up, collecting garbage) during one probe.
  for (let attempt = 0; attempt < 3; attempt++) {
    const before = new Map(candidates.map((pid) => [pid, cpuTicks(pid)]))
    await page.evaluate(() => {
      const end = performance.now() + 600
      while (performance.now() < end) {
        // Busy on purpose: this is what tells the tab's process apart.
      }
    })
    grown = candidates.map((pid) => ({ pid, ticks: cpuTicks(pid) - (before.get(pid) ?? 0) })).sort((a, b) => b.ticks - a.ticks)
    const [first, second] = grown
    if (first && first.ticks > 0 && (!second || second.ticks * 3 < first.ticks)) return first.pid
  }
  throw new Error(`could not tell the tab's renderer apart by CPU time: ${grown.map((g) => `${g.pid} +${g.ticks} ticks`).join(', ')}`)
}

/** Starts a new peak window for the renderer's resident memory. */
export function startPeak(pid: number): void {
  resetPeak(pid)
}

/**
 * Forces a full garbage collection through CDP (`HeapProfiler.collectGarbage`, twice, so what the first
 * pass finalised goes too), then reads the heap, the live object URLs and the renderer's memory. With
 * `pressure`, Chromium is first told memory is critically short, so it drops what caches it can.
 */
export async function readTab(page: Page, cdp: CDPSession, pid: number, options: { pressure?: boolean } = {}): Promise<TabReading> {
  const peakKb = readRendererMemory(pid).peakKb
  if (options.pressure) await cdp.send('Memory.simulatePressureNotification', { level: 'critical' })
  await cdp.send('HeapProfiler.collectGarbage')
  await page.waitForTimeout(300)
  await cdp.send('HeapProfiler.collectGarbage')
  await page.waitForTimeout(300)
  const inPage = await page.evaluate(() => {
    const counter = (window as unknown as { __urls?: ObjectUrlCount }).__urls
    const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory
    return { heap: memory?.usedJSHeapSize ?? NaN, live: counter?.live.size ?? NaN, created: counter?.created ?? NaN }
  })
  return {
    heapBytes: inPage.heap,
    liveObjectUrls: inPage.live,
    createdObjectUrls: inPage.created,
    rssKb: readRendererMemory(pid).rssKb,
    peakKb,
  }
}
