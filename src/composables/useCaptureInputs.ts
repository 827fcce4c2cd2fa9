import { useEventListener } from '@vueuse/core'
import { ref, toValue, type MaybeRefOrGetter, type Ref } from 'vue'

export interface UseCaptureInputsOptions {
  /** The element that accepts dropped files (usually the whole Scanner page). */
  dropTarget: MaybeRefOrGetter<HTMLElement | null | undefined>
  /** Called with the files the clerk dropped or pasted, in their order. */
  onFiles: (files: File[], source: 'drop' | 'paste') => void
}

export interface UseCaptureInputsReturn {
  /** True while files are dragged over the drop target, to show it as one. */
  isOverDropZone: Ref<boolean>
}

// Only drags that carry files are ours; a page thumbnail dragged to reorder is not.
const carriesFiles = (event: DragEvent) => !!event.dataTransfer && Array.from(event.dataTransfer.types).includes('Files')

/** Files dropped onto the page or pasted anywhere become pages. */
export function useCaptureInputs(options: UseCaptureInputsOptions): UseCaptureInputsReturn {
  const isOverDropZone = ref(false)
  // dragenter/dragleave fire for every child crossed; counting them tells when the pointer really left.
  let depth = 0
  const target = () => toValue(options.dropTarget)

  useEventListener(target, 'dragenter', (event: DragEvent) => {
    if (!carriesFiles(event)) return
    event.preventDefault()
    depth += 1
    isOverDropZone.value = true
  })
  useEventListener(target, 'dragover', (event: DragEvent) => {
    if (!carriesFiles(event)) return
    event.preventDefault()
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy'
  })
  useEventListener(target, 'dragleave', (event: DragEvent) => {
    if (!carriesFiles(event)) return
    depth = Math.max(0, depth - 1)
    if (depth === 0) isOverDropZone.value = false
  })
  useEventListener(target, 'drop', (event: DragEvent) => {
    if (!carriesFiles(event)) return
    event.preventDefault()
    depth = 0
    isOverDropZone.value = false
    const files = Array.from(event.dataTransfer?.files ?? [])
    if (files.length) options.onFiles(files, 'drop')
  })

  // A file dropped just beside the drop target would otherwise make the browser open it in place of the app.
  const guard = (event: DragEvent) => {
    if (carriesFiles(event)) event.preventDefault()
  }
  useEventListener(typeof window === 'undefined' ? null : window, 'dragover', guard)
  useEventListener(typeof window === 'undefined' ? null : window, 'drop', guard)

  useEventListener(typeof document === 'undefined' ? null : document, 'paste', (event: ClipboardEvent) => {
    const files = Array.from(event.clipboardData?.files ?? [])
    // Text pasted into a field is the field's business; only files become pages.
    if (!files.length) return
    event.preventDefault()
    options.onFiles(files, 'paste')
  })

  return { isOverDropZone }
}
