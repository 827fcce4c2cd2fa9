import { useDocumentVisibility } from '@vueuse/core'
import {
  computed,
  onScopeDispose,
  ref,
  shallowRef,
  toValue,
  watch,
  type ComputedRef,
  type MaybeRefOrGetter,
  type Ref,
  type ShallowRef,
} from 'vue'
import { t } from '@/locales/i18n'

export interface UseCameraOptions {
  /** The <video> that shows the preview; also the source of the canvas fallback for takePhoto(). */
  video: MaybeRefOrGetter<HTMLVideoElement | null | undefined>
  /** Largest resolution to ask for; the device gives what it can up to this. Defaults to 4K. */
  maxWidth?: number
  maxHeight?: number
  /** JPEG quality of the canvas fallback. */
  quality?: number
}

export interface UseCameraReturn {
  isSupported: boolean
  stream: Readonly<ShallowRef<MediaStream | null>>
  isOpen: ComputedRef<boolean>
  opening: Ref<boolean>
  /** A clerk-facing reason when the camera could not be opened, otherwise null. */
  error: Ref<string | null>
  devices: Ref<MediaDeviceInfo[]>
  torchSupported: Ref<boolean>
  torchOn: Ref<boolean>
  open: () => Promise<void>
  close: () => void
  /** Moves to the next camera when there are several. */
  switchCamera: () => Promise<void>
  toggleTorch: () => Promise<void>
  takePhoto: () => Promise<Blob>
}

interface TorchCapabilities extends MediaTrackCapabilities {
  torch?: boolean
}

interface ImageCaptureLike {
  takePhoto: () => Promise<Blob>
}

type ImageCaptureConstructor = new (track: MediaStreamTrack) => ImageCaptureLike

/** Turns getUserMedia's errors into what the clerk can do about them. */
export function cameraErrorMessage(error: unknown): string {
  const name = error instanceof Error || error instanceof DOMException ? error.name : ''
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return t('camera.denied')
    case 'NotFoundError':
    case 'OverconstrainedError':
      return t('camera.notFound')
    case 'NotReadableError':
    case 'AbortError':
      return t('camera.busy')
    default:
      return error instanceof Error && error.message ? t('camera.failedWhy', { reason: error.message }) : t('camera.failed')
  }
}

/**
 * The live camera: prefers the rear camera at up to 4K, stops on close(), on scope dispose and when
 * the tab is hidden, and takes full-resolution photos where the browser can.
 */
export function useCamera(options: UseCameraOptions): UseCameraReturn {
  const mediaDevices = typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined
  const isSupported = !!mediaDevices && typeof mediaDevices.getUserMedia === 'function'
  const stream = shallowRef<MediaStream | null>(null)
  const opening = ref(false)
  const error = ref<string | null>(null)
  const devices = ref<MediaDeviceInfo[]>([])
  const torchSupported = ref(false)
  const torchOn = ref(false)
  const deviceId = ref<string | null>(null)
  const isOpen = computed(() => stream.value !== null)
  // Each open() gets a ticket so a stream that arrives after close() is stopped, not shown.
  let ticket = 0

  const track = () => stream.value?.getVideoTracks()[0]

  async function open(): Promise<void> {
    if (!isSupported) {
      error.value = t('camera.insecure')
      return
    }
    const mine = ++ticket
    stopTracks()
    opening.value = true
    error.value = null
    try {
      const video: MediaTrackConstraints = {
        width: { ideal: options.maxWidth ?? 3840 },
        height: { ideal: options.maxHeight ?? 2160 },
        ...(deviceId.value ? { deviceId: { exact: deviceId.value } } : { facingMode: { ideal: 'environment' } }),
      }
      const next = await mediaDevices!.getUserMedia({ video, audio: false })
      if (mine !== ticket) {
        next.getTracks().forEach((t) => t.stop())
        return
      }
      stream.value = next
      const current = next.getVideoTracks()[0]
      const capabilities = (current?.getCapabilities?.() ?? {}) as TorchCapabilities
      torchSupported.value = capabilities.torch === true
      torchOn.value = false
      deviceId.value = current?.getSettings().deviceId ?? deviceId.value
      // Labels and the full list are only visible once the clerk has granted access.
      const all = await mediaDevices!.enumerateDevices().catch(() => [])
      if (mine === ticket) devices.value = all.filter((device) => device.kind === 'videoinput')
    } catch (cause) {
      if (mine === ticket) error.value = cameraErrorMessage(cause)
    } finally {
      if (mine === ticket) opening.value = false
    }
  }

  function stopTracks(): void {
    stream.value?.getTracks().forEach((t) => t.stop())
    stream.value = null
    torchSupported.value = false
    torchOn.value = false
  }

  function close(): void {
    ticket += 1
    opening.value = false
    stopTracks()
  }

  async function switchCamera(): Promise<void> {
    if (devices.value.length < 2) return
    const index = devices.value.findIndex((device) => device.deviceId === deviceId.value)
    deviceId.value = (devices.value[(index + 1) % devices.value.length] as MediaDeviceInfo).deviceId
    await open()
  }

  async function toggleTorch(): Promise<void> {
    const current = track()
    if (!current || !torchSupported.value) return
    const next = !torchOn.value
    await current.applyConstraints({ advanced: [{ torch: next } as MediaTrackConstraintSet] })
    torchOn.value = next
  }

  async function takePhoto(): Promise<Blob> {
    const current = track()
    if (!current) throw new Error('Open the camera first.')
    const ImageCaptureImpl = (globalThis as { ImageCapture?: ImageCaptureConstructor }).ImageCapture
    if (ImageCaptureImpl) {
      try {
        // The photo pipeline gives the sensor's full resolution, larger than the preview frames.
        return await new ImageCaptureImpl(current).takePhoto()
      } catch {
        // Some cameras (and the fake one) refuse takePhoto; the preview frame is the next best thing.
      }
    }
    return grabFrame()
  }

  async function grabFrame(): Promise<Blob> {
    const video = toValue(options.video)
    if (!video || !video.videoWidth) throw new Error(t('camera.notReady'))
    const canvas = document.createElement('canvas')
    canvas.width = video.videoWidth
    canvas.height = video.videoHeight
    try {
      canvas.getContext('2d')?.drawImage(video, 0, 0)
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', options.quality ?? 0.92))
      if (!blob) throw new Error(t('camera.photoFailed'))
      return blob
    } finally {
      // Give the canvas's pixel memory back now rather than at the next GC.
      canvas.width = 0
      canvas.height = 0
    }
  }

  watch([stream, () => toValue(options.video)], ([current, video]) => {
    if (!video) return
    video.srcObject = current
    if (current) void video.play().catch(() => undefined)
  })

  const visibility = useDocumentVisibility()
  watch(visibility, (state) => {
    if (state === 'hidden') close()
  })

  onScopeDispose(close)

  return {
    isSupported,
    stream,
    isOpen,
    opening,
    error,
    devices,
    torchSupported,
    torchOn,
    open,
    close,
    switchCamera,
    toggleTorch,
    takePhoto,
  }
}
