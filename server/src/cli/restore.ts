import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { defaultDataDir } from '../dataDir.ts'
import { BackupError, restoreBackup } from '../domain/backup.ts'

const USAGE = `Usage: npm run restore -- <backup folder> [--data-dir DIR] [--force]
  --data-dir  where to restore (default SCANNER_DATA_DIR or ./data); stop the server using it first
  --force     replace a data dir that is not empty (the old one is kept as <dir>.before-restore-<time>)`

/**
 * `npm run restore -- <folder>`: checks the backup's database and puts it, its files and
 * site_config.json into the data dir. Never while a server has that database open. Exit 0 done,
 * 1 refused or failed, 2 bad usage.
 */
function run(argv: string[]): number {
  let parsed: { values: { 'data-dir'?: string; force?: boolean; help?: boolean }; positionals: string[] }
  try {
    parsed = parseArgs({
      args: argv,
      options: { 'data-dir': { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: true,
    })
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  if (positionals.length !== 1) {
    console.error(USAGE)
    return 2
  }
  const dataDir = values['data-dir'] !== undefined ? resolve(values['data-dir']) : defaultDataDir()
  try {
    const result = restoreBackup({ backupDir: positionals[0] as string, dataDir, force: values.force })
    if (result.movedAside) console.log(`Kept the previous data dir as ${result.movedAside}`)
    console.log(`Restored ${resolve(positionals[0] as string)} into ${result.dataDir}`)
    console.log(
      `  ${result.contents.invoices} invoices, ${result.contents.invoice_lines} lines, ${result.contents.files} files; integrity ok`,
    )
    return 0
  } catch (error) {
    console.error(`Restore refused: ${error instanceof BackupError ? error.message : String(error)}`)
    return 1
  }
}

process.exitCode = run(process.argv.slice(2))
