import { fileURLToPath, URL } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

// Where `npm run dev` sends API calls: the embedded server, or a real Frappe bench.
const backend = process.env.BACKEND_URL ?? `http://127.0.0.1:${process.env.PORT ?? 8000}`

export default defineConfig({
  // A build served from a Frappe app's assets folder needs its own base path.
  base: process.env.VITE_BASE ?? '/',
  plugins: [vue()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  worker: { format: 'es' },
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: true },
      '/private': { target: backend, changeOrigin: true },
      '/files': { target: backend, changeOrigin: true },
    },
  },
})
