/**
 * `npm run bench:live`: the camera's live outline in Chromium, against the built app, with the fake camera
 * filming a receipt on a desk (the e2e's Y4M). Two figures, reported and never asserted:
 * - analysis time per frame: the built outline worker driven directly with frames of the app's own preview
 *   (each sent as `new VideoFrame(video)` and shrunk in the worker), at 320 px (what the app uses) and 512 px;
 *   the worker's own time is what analysing on the main thread (the naive way) would block the page for;
 * - the main thread while the outline runs: PerformanceObserver `longtask` entries (≥ 50 ms) and the longest
 *   gap between animation frames, over the same seconds with the camera closed, open (outline running), and
 *   a plain <video> of the camera alone and with each way of grabbing frames. Needs `npm run build` first.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { signIn } from '../../tests/e2e/support/app'
import { launchChromium } from '../../tests/e2e/support/browser'
import { writeReceiptOnDeskY4m } from '../../tests/e2e/support/fakeCameraVideo'
import { CLERK, FIXTURES_DIR, REPO_ROOT, startServer } from '../../tests/e2e/support/server'
import { writeBenchSection } from '../support/docs'
import { describeMachine, utcMinute } from '../support/machine'

const WATCH_MS = Number(process.env.LIVE_WATCH_MS ?? 15_000)
const FRAMES = Number(process.env.LIVE_FRAMES ?? 20)

interface MainThread {
  longTasks: number
  longestTaskMs: number
  longestFrameGapMs: number
  frames: number
}

/** Watches the main thread for `ms`: long tasks and the longest gap between animation frames. */
async function watchMainThread(page: Page, ms: number): Promise<MainThread> {
  return page.evaluate(async (ms) => {
    const result = { longTasks: 0, longestTaskMs: 0, longestFrameGapMs: 0, frames: 0 }
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        result.longTasks++
        result.longestTaskMs = Math.max(result.longestTaskMs, entry.duration)
      }
    })
    observer.observe({ type: 'longtask' })
    const end = performance.now() + ms
    // A loop, not a named callback: tsx's name-keeping helper does not exist inside the page.
    let last = performance.now()
    while (last < end) {
      const now = await new Promise<number>((resolve) => requestAnimationFrame(resolve))
      result.longestFrameGapMs = Math.max(result.longestFrameGapMs, now - last)
      result.frames++
      last = now
    }
    observer.disconnect()
    return result
  }, ms)
}

interface FrameTimes {
  side: number
  workerMs: number[]
  roundTripMs: number[]
  found: number
}

/** Drives the built outline worker with `count` frames of the preview at `side` px, one after another. */
async function timeWorker(page: Page, workerUrl: string, side: number, count: number): Promise<FrameTimes> {
  return page.evaluate(
    async ({ workerUrl, side, count }) => {
      const video = document.querySelector('video')!
      const worker = new Worker(workerUrl, { type: 'module' })
      const times = { side, workerMs: [] as number[], roundTripMs: [] as number[], found: 0 }
      try {
        for (let id = 1; id <= count; id++) {
          const started = performance.now()
          const frame = new VideoFrame(video)
          const answer = await new Promise<{ ms: number; corners: unknown }>((resolve, reject) => {
            worker.onmessage = (event) =>
              event.data.type === 'done' ? resolve(event.data.result) : reject(new Error(JSON.stringify(event.data)))
            worker.postMessage({ type: 'call', id, job: 'outline', params: { frame, maxSide: side } }, [frame])
          })
          times.roundTripMs.push(performance.now() - started)
          times.workerMs.push(answer.ms)
          if (answer.corners) times.found++
        }
      } finally {
        worker.terminate()
      }
      return times
    },
    { workerUrl, side, count },
  )
}

/**
 * The preview alone, in a <video> of the bench's own (the app's camera closed), optionally with a frame grabbed
 * every 250 ms by createImageBitmap and dropped: which part of the main thread's time is the video and which the grabs.
 */
async function startPlainPreview(page: Page, grab: 'none' | 'bitmap' | 'video-frame'): Promise<void> {
  await page.evaluate(async (grab) => {
    const stream = await navigator.mediaDevices.getUserMedia({ video: true })
    const video = document.createElement('video')
    video.muted = true
    video.id = 'bench-preview'
    video.srcObject = stream
    document.body.append(video)
    await video.play()
    if (grab === 'none') return
    const scale = 320 / Math.max(video.videoWidth, video.videoHeight)
    // An unnamed loop: tsx's name-keeping helper does not exist inside the page.
    void (async () => {
      while (video.isConnected) {
        const frame =
          grab === 'bitmap'
            ? await createImageBitmap(video, {
                resizeWidth: Math.round(video.videoWidth * scale),
                resizeHeight: Math.round(video.videoHeight * scale),
                resizeQuality: 'medium',
              })
            : new VideoFrame(video)
        frame.close()
        await new Promise((resolve) => setTimeout(resolve, 250))
      }
    })()
  }, grab)
}

async function stopPlainPreview(page: Page): Promise<void> {
  await page.evaluate(() => {
    const video = document.getElementById('bench-preview') as HTMLVideoElement | null
    ;(video?.srcObject as MediaStream | null)?.getTracks().forEach((track) => track.stop())
    video?.remove()
  })
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? NaN
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? NaN
}

const f = (value: number) => value.toFixed(0)

async function main(): Promise<void> {
  const assets = resolve(REPO_ROOT, 'dist/assets')
  const workerFile = readdirSync(assets).find((name) => name.startsWith('outline.worker-') && name.endsWith('.js'))
  if (!workerFile) throw new Error('No built outline worker in dist/assets: run `npm run build` first.')
  const dir = mkdtempSync(join(tmpdir(), 'bench-live-'))
  const video = join(dir, 'receipt-on-desk.y4m')
  writeReceiptOnDeskY4m(join(FIXTURES_DIR, 'lidl_02032020_02_00716.jpg'), video)
  const server = await startServer()
  const chromium = await launchChromium({ extraArgs: [`--use-file-for-fake-video-capture=${video}`] })
  try {
    const page = await chromium.context.newPage()
    await signIn(page, server, CLERK)
    const version = chromium.browser?.version() ?? 'unknown'

    const closed = await watchMainThread(page, WATCH_MS)
    await page.getByRole('button', { name: 'Open camera' }).click()
    await page.locator('[data-testid="live-outline"] polygon').waitFor({ timeout: 60_000 })
    const open = await watchMainThread(page, WATCH_MS)
    // The app's own outline keeps running meanwhile: these times are under the same load as the clerk's.
    const workerUrl = `${server.url}/assets/${workerFile}`
    const sizes = [await timeWorker(page, workerUrl, 320, FRAMES), await timeWorker(page, workerUrl, 512, FRAMES)]
    await page.getByRole('button', { name: 'Close camera' }).click()
    await startPlainPreview(page, 'none')
    const previewOnly = await watchMainThread(page, WATCH_MS)
    await stopPlainPreview(page)
    await startPlainPreview(page, 'bitmap')
    const bitmapGrabs = await watchMainThread(page, WATCH_MS)
    await stopPlainPreview(page)
    await startPlainPreview(page, 'video-frame')
    const videoFrameGrabs = await watchMainThread(page, WATCH_MS)
    await stopPlainPreview(page)

    const lines = [
      `Measured ${utcMinute()} by \`npm run bench:live\` on ${describeMachine(version)}`,
      '',
      'The fake camera films a 640×480 receipt-on-desk video (`tests/e2e/support/fakeCameraVideo.ts`). *Worker* is the outline',
      "worker's own time per frame (draw, greyscale, `detectDocument`): what analysing on the main thread, the naive way, would",
      'block the page for each frame. *Round trip* adds wrapping the frame (`new VideoFrame(video)`) and the transfer. Both while the app’s own outline runs.',
      '',
      '| Frame long side | Worker median | Worker p95 | Round trip median | Outline found |',
      '| --- | --- | --- | --- | --- |',
      ...sizes.map(
        (s) =>
          `| ${s.side} px | ${f(median(s.workerMs))} ms | ${f(percentile(s.workerMs, 0.95))} ms | ${f(median(s.roundTripMs))} ms | ${s.found}/${s.workerMs.length} |`,
      ),
      '',
      `The main thread over ${WATCH_MS / 1000} s (PerformanceObserver \`longtask\`, ≥ 50 ms; longest gap between animation frames):`,
      '',
      '| Camera | Long tasks | Longest task | Longest frame gap | Animation frames |',
      '| --- | --- | --- | --- | --- |',
      `| closed (baseline) | ${closed.longTasks} | ${f(closed.longestTaskMs)} ms | ${f(closed.longestFrameGapMs)} ms | ${closed.frames} |`,
      `| open, outline running (320 px every 250 ms) | ${open.longTasks} | ${f(open.longestTaskMs)} ms | ${f(open.longestFrameGapMs)} ms | ${open.frames} |`,
      `| a plain <video> of the camera, no outline | ${previewOnly.longTasks} | ${f(previewOnly.longestTaskMs)} ms | ${f(previewOnly.longestFrameGapMs)} ms | ${previewOnly.frames} |`,
      `| the plain <video> + \`createImageBitmap(video, {resizeWidth…})\` every 250 ms, dropped (the first way, not used) | ${bitmapGrabs.longTasks} | ${f(bitmapGrabs.longestTaskMs)} ms | ${f(bitmapGrabs.longestFrameGapMs)} ms | ${bitmapGrabs.frames} |`,
      `| the plain <video> + \`new VideoFrame(video)\` every 250 ms, closed (the app's way) | ${videoFrameGrabs.longTasks} | ${f(videoFrameGrabs.longestTaskMs)} ms | ${f(videoFrameGrabs.longestFrameGapMs)} ms | ${videoFrameGrabs.frames} |`,
    ]
    writeBenchSection('live', 'Live outline in the camera', lines.join('\n'))
    console.log(lines.join('\n'))
  } finally {
    await chromium.close()
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
