import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { i18n } from './locales/i18n'
import { createAppRouter, preloadPages } from './router'
import { registerAppShell } from './serviceWorker/registerAppShell'
import './styles/base.css'

const app = createApp(App)
app.use(createPinia())
app.use(i18n)
const router = createAppRouter()
app.use(router)
app.mount('#app')
preloadPages(router)
registerAppShell()
