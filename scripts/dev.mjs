// `npm run dev`: Vite with hot reload, plus the embedded server unless BACKEND_URL points at a real bench.
import { spawn } from 'node:child_process'

const children = []
function run(command, args, env = {}) {
  const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, ...env } })
  children.push(child)
  child.on('exit', (code) => {
    for (const other of children) if (other !== child) other.kill()
    process.exit(code ?? 0)
  })
}

if (!process.env.BACKEND_URL) run('node', ['--expose-gc', '--import', 'tsx', '--watch', 'server/src/main.ts'])
run('npx', ['vite'])
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => children.forEach((c) => c.kill(signal)))
