import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, shallowRef } from 'vue'
import { useCamera, type UseCameraReturn } from '@/composables/useCamera'

/** A camera track and stream as much like the browser's as useCamera looks at. */
function fakeStream(deviceId: string, capabilities: Record<string, unknown> = {}) {
  const track = {
    stop: vi.fn(),
    getCapabilities: () => capabilities,
    getSettings: () => ({ deviceId }),
    applyConstraints: vi.fn(async () => undefined),
  }
  const stream = { getTracks: () => [track], getVideoTracks: () => [track] }
  return { stream: stream as unknown as MediaStream, track }
}

const devices = [
  { kind: 'videoinput', deviceId: 'back', label: 'Back camera' },
  { kind: 'videoinput', deviceId: 'front', label: 'Front camera' },
  { kind: 'audioinput', deviceId: 'mic', label: 'Microphone' },
]

let getUserMedia: ReturnType<typeof vi.fn>
let scope: ReturnType<typeof effectScope>
let camera: UseCameraReturn

function start() {
  scope = effectScope()
  camera = scope.run(() => useCamera({ video: shallowRef(null) }))!
}

beforeEach(() => {
  getUserMedia = vi.fn(async (constraints: MediaStreamConstraints) => {
    const video = constraints.video as MediaTrackConstraints
    const id = (video.deviceId as { exact?: string } | undefined)?.exact ?? 'back'
    return fakeStream(id, id === 'back' ? { torch: true } : {}).stream
  })
  vi.stubGlobal('navigator', { ...navigator, mediaDevices: { getUserMedia, enumerateDevices: async () => devices } })
})
afterEach(() => {
  scope?.stop()
  vi.unstubAllGlobals()
})

describe('useCamera', () => {
  it('asks for the rear camera at up to 4K and lists the cameras', async () => {
    start()
    await camera.open()
    expect(getUserMedia).toHaveBeenCalledWith({
      video: { width: { ideal: 3840 }, height: { ideal: 2160 }, facingMode: { ideal: 'environment' } },
      audio: false,
    })
    expect(camera.isOpen.value).toBe(true)
    expect(camera.error.value).toBeNull()
    expect(camera.devices.value.map((device) => device.label)).toEqual(['Back camera', 'Front camera'])
    expect(camera.torchSupported.value).toBe(true)
  })

  it('switches to the next camera by its device id', async () => {
    start()
    await camera.open()
    const first = camera.stream.value!.getVideoTracks()[0]!
    await camera.switchCamera()
    expect(first.stop).toHaveBeenCalled()
    expect(getUserMedia).toHaveBeenLastCalledWith(
      expect.objectContaining({ video: expect.objectContaining({ deviceId: { exact: 'front' } }) }),
    )
    expect(camera.torchSupported.value).toBe(false)
  })

  it('turns the torch on through the track', async () => {
    start()
    await camera.open()
    await camera.toggleTorch()
    expect(camera.stream.value!.getVideoTracks()[0]!.applyConstraints).toHaveBeenCalledWith({ advanced: [{ torch: true }] })
    expect(camera.torchOn.value).toBe(true)
  })

  it('stops the stream on close, when the scope ends, and when the tab is hidden', async () => {
    start()
    await camera.open()
    const track = camera.stream.value!.getVideoTracks()[0]!
    camera.close()
    expect(track.stop).toHaveBeenCalledTimes(1)
    expect(camera.isOpen.value).toBe(false)

    await camera.open()
    const second = camera.stream.value!.getVideoTracks()[0]!
    scope.stop()
    expect(second.stop).toHaveBeenCalledTimes(1)

    start()
    await camera.open()
    const third = camera.stream.value!.getVideoTracks()[0]!
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true })
    document.dispatchEvent(new Event('visibilitychange'))
    await nextTick()
    expect(third.stop).toHaveBeenCalledTimes(1)
    expect(camera.isOpen.value).toBe(false)
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true })
  })

  it('stops a stream that arrives after the clerk closed the camera', async () => {
    start()
    let resolve!: (stream: MediaStream) => void
    const late = fakeStream('back')
    getUserMedia.mockImplementationOnce(() => new Promise((done) => (resolve = done)))
    const opening = camera.open()
    camera.close()
    resolve(late.stream)
    await opening
    expect(late.track.stop).toHaveBeenCalled()
    expect(camera.isOpen.value).toBe(false)
  })

  it.each([
    ['NotAllowedError', /denied.*Add photos/],
    ['NotFoundError', /No camera was found.*Add photos/],
    ['NotReadableError', /busy.*Add photos/],
  ])('explains %s in words the clerk can act on', async (name, message) => {
    getUserMedia.mockRejectedValueOnce(new DOMException('nope', name))
    start()
    await camera.open()
    expect(camera.isOpen.value).toBe(false)
    expect(camera.error.value).toMatch(message)
  })

  it('says so where there is no camera API at all', async () => {
    vi.stubGlobal('navigator', { ...navigator, mediaDevices: undefined })
    start()
    expect(camera.isSupported).toBe(false)
    await camera.open()
    expect(camera.error.value).toMatch(/cannot use a camera.*Add photos/)
  })

  it('takes a full-resolution photo through ImageCapture', async () => {
    const photo = new Blob(['jpeg'], { type: 'image/jpeg' })
    const takePhoto = vi.fn(async () => photo)
    vi.stubGlobal(
      'ImageCapture',
      class {
        takePhoto = takePhoto
      },
    )
    start()
    await camera.open()
    expect(await camera.takePhoto()).toBe(photo)
    expect(takePhoto).toHaveBeenCalledOnce()
  })
})
