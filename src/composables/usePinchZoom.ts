import { useEventListener } from '@vueuse/core'
import { computed, ref, toValue, type ComputedRef, type MaybeRefOrGetter, type Ref } from 'vue'

export interface UsePinchZoomOptions {
  /** The largest zoom (1 = fitted). */
  maxScale?: number
  /** The zoom a double tap (or double click) jumps to from fitted. */
  doubleTapScale?: number
}

export interface UsePinchZoomReturn {
  scale: Ref<number>
  /** Pan offset in CSS pixels. */
  x: Ref<number>
  y: Ref<number>
  /** `translate(…) scale(…)` for the zoomed element. */
  transform: ComputedRef<string>
  zoomed: ComputedRef<boolean>
  /** Back to fitted, centred. */
  reset: () => void
}

/**
 * Pinch, double-tap and pan for one image in a viewer, with Pointer Events on the stage that holds it.
 * VueUse has gestures for swipes and single-pointer drags, not two-finger pinch, so the two pointers are
 * tracked here. The stage should have `touch-action: none` so the browser does not zoom the whole page.
 */
export function usePinchZoom(
  stage: MaybeRefOrGetter<HTMLElement | null | undefined>,
  options: UsePinchZoomOptions = {},
): UsePinchZoomReturn {
  const maxScale = options.maxScale ?? 6
  const doubleTapScale = options.doubleTapScale ?? 2.5
  const scale = ref(1)
  const x = ref(0)
  const y = ref(0)
  // A plain Map: the fingers down are bookkeeping for the gesture maths, never shown.
  const pointers = new Map<number, { x: number; y: number }>()
  let pinchStart: { distance: number; scale: number } | null = null

  const clamp = (value: number) => Math.min(maxScale, Math.max(1, value))
  const distance = () => {
    const [a, b] = [...pointers.values()]
    return a && b ? Math.hypot(a.x - b.x, a.y - b.y) : 0
  }

  function reset(): void {
    scale.value = 1
    x.value = 0
    y.value = 0
  }

  /** Zooms to `next` keeping the point under (clientX, clientY) where it is. */
  function zoomAt(next: number, clientX: number, clientY: number): void {
    const element = toValue(stage)
    const target = clamp(next)
    if (target === 1 || !element) return reset()
    const box = element.getBoundingClientRect()
    const px = clientX - (box.left + box.width / 2)
    const py = clientY - (box.top + box.height / 2)
    const ratio = target / scale.value
    x.value = px - (px - x.value) * ratio
    y.value = py - (py - y.value) * ratio
    scale.value = target
  }

  useEventListener(stage, 'pointerdown', (event: PointerEvent) => {
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY })
    ;(event.currentTarget as HTMLElement).setPointerCapture?.(event.pointerId)
    if (pointers.size === 2) pinchStart = { distance: distance(), scale: scale.value }
  })
  useEventListener(stage, 'pointermove', (event: PointerEvent) => {
    const last = pointers.get(event.pointerId)
    if (!last) return
    const now = { x: event.clientX, y: event.clientY }
    pointers.set(event.pointerId, now)
    if (pointers.size === 2 && pinchStart && pinchStart.distance > 0) {
      const [a, b] = [...pointers.values()]
      zoomAt((pinchStart.scale * distance()) / pinchStart.distance, (a!.x + b!.x) / 2, (a!.y + b!.y) / 2)
    } else if (pointers.size === 1 && scale.value > 1) {
      x.value += now.x - last.x
      y.value += now.y - last.y
    }
  })
  const release = (event: PointerEvent) => {
    pointers.delete(event.pointerId)
    if (pointers.size < 2) pinchStart = null
  }
  useEventListener(stage, ['pointerup', 'pointercancel'], release)
  // A double tap on a touch screen arrives as dblclick too (with touch-action: none nothing else eats it).
  useEventListener(stage, 'dblclick', (event: MouseEvent) => {
    if (scale.value > 1) reset()
    else zoomAt(doubleTapScale, event.clientX, event.clientY)
  })
  // Ctrl + wheel is a trackpad's pinch on a desktop.
  useEventListener(
    stage,
    'wheel',
    (event: WheelEvent) => {
      if (!event.ctrlKey) return
      event.preventDefault()
      zoomAt(scale.value * Math.exp(-event.deltaY / 200), event.clientX, event.clientY)
    },
    { passive: false },
  )

  return {
    scale,
    x,
    y,
    transform: computed(() => `translate(${x.value}px, ${y.value}px) scale(${scale.value})`),
    zoomed: computed(() => scale.value > 1),
    reset,
  }
}
