import { useDocumentVisibility, useTimeoutPoll } from '@vueuse/core'
import { computed, onScopeDispose, shallowRef, toValue, watch, type ComputedRef, type MaybeRefOrGetter, type ShallowRef } from 'vue'
import { useMemoryStore } from '@/stores/memory'
import type { OutlineJobs, OutlineResult } from '@/workers/outlineJobs'
import { createRpcClient, JobInterruptedError } from '@/workers/rpc'

export interface UseLiveOutlineOptions {
  /** The camera preview the frames are taken from. */
  video: MaybeRefOrGetter<HTMLVideoElement | null | undefined>
  /** True while the camera is open; the analysis runs only then. */
  active: MaybeRefOrGetter<boolean>
  /** Pause between one frame's answer and the next frame (so frames never overlap). */
  intervalMs?: number
  /** Long side of the analysed frame in pixels. */
  maxSide?: number
  /** Makes the worker; by default the bundled `outline.worker.ts`. */
  createWorker?: () => Worker
}

/** One analysed frame, stamped with when its answer arrived. */
export interface LiveOutline extends OutlineResult {
  at: number
}

export interface UseLiveOutlineReturn {
  /** False where the browser has no worker canvas or createImageBitmap: the camera works without an outline. */
  isSupported: boolean
  /** The latest frame's answer (a new object per frame), null while not running. */
  outline: Readonly<ShallowRef<LiveOutline | null>>
  /** True while frames are being analysed. */
  running: ComputedRef<boolean>
  /** True when the camera is open but the memory level stopped the analysis. */
  pausedForMemory: ComputedRef<boolean>
}

/** The frame's memory while analysed: the bitmap and the worker's canvas and grey copy, counted for the monitor. */
const MEMORY_KEY = 'live-outline'

/**
 * Outlines the document on the open camera: every `intervalMs` a small frame of the preview goes to a worker
 * that runs the same detection as the image pipeline. Stops (and ends the worker) when the camera closes,
 * the tab is hidden, or the memory level reaches gc_threshold.
 */
export function useLiveOutline(options: UseLiveOutlineOptions): UseLiveOutlineReturn {
  const isSupported =
    typeof Worker !== 'undefined' && typeof OffscreenCanvas !== 'undefined' && typeof globalThis.createImageBitmap === 'function'
  const maxSide = options.maxSide ?? 320
  const memory = useMemoryStore()
  const visibility = useDocumentVisibility()
  const outline = shallowRef<LiveOutline | null>(null)
  const client = createRpcClient<OutlineJobs>(
    options.createWorker ??
      (() => new Worker(new URL('../workers/outline.worker.ts', import.meta.url), { type: 'module', name: 'live-outline' })),
  )

  const wanted = computed(() => isSupported && toValue(options.active) && visibility.value === 'visible')
  const pausedForMemory = computed(() => wanted.value && memory.level !== 'ok')
  const running = computed(() => wanted.value && memory.level === 'ok')

  async function analyseFrame(): Promise<void> {
    const video = toValue(options.video)
    if (!running.value || !video || video.readyState < 2 || !video.videoWidth || !video.videoHeight) return
    const frame = await grabFrame(video)
    if (!running.value) return frame.close()
    try {
      const result = await client.call('outline', { frame, maxSide }, { transfer: [frame] })
      if (running.value) outline.value = { ...result, at: performance.now() }
    } catch (error) {
      // A frame the worker never got must still be closed (an open VideoFrame holds the camera's buffer).
      frame.close()
      // Stopped while the frame was in the worker; a crashed worker is started afresh on the next frame.
      if (!(error instanceof JobInterruptedError)) throw error
    }
  }

  /**
   * The video's current frame, wrapped rather than copied where WebCodecs exists (the worker shrinks it);
   * elsewhere a bitmap at full size. createImageBitmap with resize options was measured to block the main
   * thread for hundreds of milliseconds on a loaded machine (bench:live), so it is not used to shrink here.
   */
  function grabFrame(video: HTMLVideoElement): VideoFrame | Promise<ImageBitmap> {
    return typeof VideoFrame === 'function' ? new VideoFrame(video) : createImageBitmap(video)
  }

  async function tick(): Promise<void> {
    try {
      await analyseFrame()
    } catch {
      // One bad frame (the video between sources, a refused job) is skipped; the next one is tried.
    }
  }

  // useTimeoutPoll waits for each frame's answer before timing the next, so frames never pile up.
  const poll = useTimeoutPoll(tick, () => options.intervalMs ?? 250, { immediate: false, immediateCallback: true })

  function stop(): void {
    poll.pause()
    client.restart()
    outline.value = null
  }

  // Counted while the camera is open, paused or not: releasing it on a pause would lower the level, resume,
  // count it again and pause again, over and over, on a device sitting at the threshold.
  watch(
    wanted,
    (on) => {
      // A frame as RGBA, its grey copy and the worker's canvas: about 9 bytes a pixel at the analysed size.
      if (on) memory.holdBytes(MEMORY_KEY, maxSide * maxSide * 9)
      else memory.releaseBytes(MEMORY_KEY)
    },
    { immediate: true },
  )
  watch(running, (on) => (on ? poll.resume() : stop()), { immediate: true })

  onScopeDispose(() => {
    stop()
    memory.releaseBytes(MEMORY_KEY)
    client.terminate()
  })

  return { isSupported, outline, running, pausedForMemory }
}
