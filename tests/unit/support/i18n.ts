import { config } from '@vue/test-utils'
import { i18n } from '@/locales/i18n'

// Every mounted component gets the app's vue-i18n, as main.ts installs it; English unless a test switches.
config.global.plugins.push(i18n)
