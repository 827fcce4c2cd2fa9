import { spawn } from 'node:child_process'
import { REPO_ROOT } from './server'

export interface CliResult {
  status: number | null
  stdout: string
  stderr: string
}

/**
 * Runs one of `server/src/cli/*.ts` as npm would, without blocking this process: a test server in
 * this process keeps answering while the CLI runs (spawnSync would freeze it).
 */
export function runCli(script: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', `server/src/cli/${script}`, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (status) => resolve({ status, stdout, stderr }))
  })
}
