import type { MethodRegistry } from './registry.ts'

/** `ping` → "pong", the only method besides login a guest may call. */
export function registerPing(methods: MethodRegistry): void {
  methods.define({ name: 'ping', verbs: ['GET'], allowGuest: true, handler: () => 'pong' })
}
