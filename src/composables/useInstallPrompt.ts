import { createSharedComposable, useEventListener } from '@vueuse/core'
import { ref, shallowRef, type Ref } from 'vue'

/** Chromium's `beforeinstallprompt` event (not in TypeScript's DOM types). */
interface BeforeInstallPromptEvent extends Event {
  prompt: () => Promise<void>
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed'; platform: string }>
}

export interface UseInstallPromptReturn {
  /** The browser offers to install the app now (Chromium, criteria met, not installed yet). */
  canInstall: Ref<boolean>
  /** The app was installed in this session (or is running installed). */
  installed: Ref<boolean>
  /** Shows the browser's install dialog; resolves to whether the clerk accepted. */
  install: () => Promise<boolean>
}

/**
 * The `Install app` entry: Chromium fires `beforeinstallprompt` once the manifest, icons and service
 * worker meet its criteria; the event is kept so a button can show the dialog later. Other browsers never
 * fire it, and the entry stays hidden (iOS Safari installs through Share → Add to Home Screen).
 * Shared: App.vue holds it from the start, since the event may fire before Settings is open.
 */
function installPrompt(): UseInstallPromptReturn {
  const deferred = shallowRef<BeforeInstallPromptEvent | null>(null)
  const canInstall = ref(false)
  const installed = ref(typeof window !== 'undefined' && window.matchMedia?.('(display-mode: standalone)').matches === true)

  useEventListener(window, 'beforeinstallprompt', (event: Event) => {
    event.preventDefault()
    deferred.value = event as BeforeInstallPromptEvent
    canInstall.value = true
  })
  useEventListener(window, 'appinstalled', () => {
    deferred.value = null
    canInstall.value = false
    installed.value = true
  })

  async function install(): Promise<boolean> {
    const event = deferred.value
    if (!event) return false
    // An event can prompt once; a dismissed prompt comes back as a new event when the browser allows.
    deferred.value = null
    canInstall.value = false
    await event.prompt()
    const { outcome } = await event.userChoice
    if (outcome === 'accepted') installed.value = true
    return outcome === 'accepted'
  }

  return { canInstall, installed, install }
}

/** The app-wide install offer (see installPrompt above). */
export const useInstallPrompt: () => UseInstallPromptReturn = createSharedComposable(installPrompt)
