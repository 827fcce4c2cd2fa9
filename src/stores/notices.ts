import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref } from 'vue'

/** How much a notice matters; errors are shown first. */
export type NoticeKind = 'info' | 'warning' | 'error'

/** One app-wide message, shown as plain text under the header. */
export interface Notice {
  id: string
  kind: NoticeKind
  text: string
}

/** What `push` takes: give an `id` to replace an earlier notice about the same thing. */
export interface NoticeInput {
  kind: NoticeKind
  text: string
  id?: string
}

const ORDER: Record<NoticeKind, number> = { error: 0, warning: 1, info: 2 }

/** App-wide messages (a lost connection, a failed sign-out) shown in the notices region. */
export const useNoticesStore = defineStore('notices', () => {
  const notices = ref<Notice[]>([])
  let nextId = 1

  /** Shows a notice, replacing one with the same id; answers its id for `dismiss`. */
  function push(input: NoticeInput): string {
    const notice: Notice = { id: input.id ?? `notice-${nextId++}`, kind: input.kind, text: input.text }
    const others = notices.value.filter((existing) => existing.id !== notice.id)
    notices.value = [...others, notice].sort((a, b) => ORDER[a.kind] - ORDER[b.kind])
    return notice.id
  }

  /** Removes a notice; unknown ids are ignored. */
  function dismiss(id: string): void {
    notices.value = notices.value.filter((notice) => notice.id !== id)
  }

  /** Removes every notice. */
  function clear(): void {
    notices.value = []
  }

  return { notices, push, dismiss, clear }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useNoticesStore, import.meta.hot))
