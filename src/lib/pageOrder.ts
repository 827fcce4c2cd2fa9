/**
 * Pure helpers for the page strip's order. Indexes are positions in the list as the clerk sees it.
 */

/** A copy of `list` with the item at `from` moved to `to`; out-of-range moves return an unchanged copy. */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const next = list.slice()
  if (from < 0 || from >= list.length || to < 0 || to >= list.length || from === to) return next
  const [item] = next.splice(from, 1) as [T]
  next.splice(to, 0, item)
  return next
}

/** A copy of `list` with `item` put back at `index`, clamped to the list, as an undo does. */
export function insertAt<T>(list: readonly T[], index: number, item: T): T[] {
  const next = list.slice()
  next.splice(Math.max(0, Math.min(index, next.length)), 0, item)
  return next
}

/** The next clockwise quarter turn. */
export function nextRotation(rotation: 0 | 90 | 180 | 270): 0 | 90 | 180 | 270 {
  return ((rotation + 90) % 360) as 0 | 90 | 180 | 270
}
