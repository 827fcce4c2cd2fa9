import { ref, toValue, type MaybeRefOrGetter, type Ref } from 'vue'

export interface UsePageDragOptions {
  /** While true, dragging does not start (e.g. the draft is being sent). */
  disabled: MaybeRefOrGetter<boolean>
  /** Called when a dragged item is dropped on another position. */
  onMove: (from: number, to: number) => void
}

export interface UsePageDragReturn {
  /** The position being dragged, or null. */
  dragFrom: Ref<number | null>
  onDragStart: (event: DragEvent, index: number) => void
  onDragOver: (event: DragEvent) => void
  onDrop: (event: DragEvent, to: number) => void
  onDragEnd: () => void
}

const DRAG_TYPE = 'application/x-scanner-page'

/** Reordering a list by native drag and drop: only drags that started in this list are accepted. */
export function usePageDrag(options: UsePageDragOptions): UsePageDragReturn {
  const dragFrom = ref<number | null>(null)

  function onDragStart(event: DragEvent, index: number): void {
    if (toValue(options.disabled)) return event.preventDefault()
    dragFrom.value = index
    event.dataTransfer?.setData(DRAG_TYPE, String(index))
    if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move'
  }

  function onDragOver(event: DragEvent): void {
    if (dragFrom.value !== null) event.preventDefault()
  }

  function onDrop(event: DragEvent, to: number): void {
    if (dragFrom.value === null) return
    event.preventDefault()
    const from = dragFrom.value
    dragFrom.value = null
    options.onMove(from, to)
  }

  return { dragFrom, onDragStart, onDragOver, onDrop, onDragEnd: () => (dragFrom.value = null) }
}
