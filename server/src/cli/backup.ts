import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { defaultDataDir } from '../dataDir.ts'
import { BackupError, backupDataDir, pruneBackups } from '../domain/backup.ts'

const USAGE = `Usage: npm run backup -- [--data-dir DIR] [--out DIR] [--keep N]
  --data-dir  the server's data dir (default SCANNER_DATA_DIR or ./data)
  --out       where dated backup folders go (default ./backups)
  --keep      afterwards, delete all but the newest N backup folders in --out`

/**
 * `npm run backup`: a consistent copy of the database (taken while the server runs), files/ and
 * site_config.json into `<out>/<UTC time>/`; prints the folder. Exit 0 done, 1 failed, 2 bad usage.
 */
async function run(argv: string[]): Promise<number> {
  let values: { 'data-dir'?: string; out?: string; keep?: string; help?: boolean }
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: { 'data-dir': { type: 'string' }, out: { type: 'string' }, keep: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }))
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`)
    return 2
  }
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  const keep = values.keep === undefined ? undefined : Number(values.keep)
  if (keep !== undefined && (!/^\d+$/.test(values.keep ?? '') || keep < 1)) {
    console.error(`--keep must be a whole number of at least 1, got ${JSON.stringify(values.keep)}\n${USAGE}`)
    return 2
  }
  const dataDir = values['data-dir'] !== undefined ? resolve(values['data-dir']) : defaultDataDir()
  const outDir = resolve(values.out ?? './backups')
  try {
    const { folder, manifest } = await backupDataDir({ dataDir, outDir })
    console.log(`Backed up ${dataDir} to ${folder}`)
    console.log(`  ${manifest.invoices} invoices, ${manifest.invoice_lines} lines, ${manifest.files} files; integrity ok`)
    if (keep !== undefined) for (const old of pruneBackups(outDir, keep)) console.log(`Deleted old backup ${old}`)
    return 0
  } catch (error) {
    console.error(`Backup failed: ${error instanceof BackupError ? error.message : String(error)}`)
    return 1
  }
}

process.exitCode = await run(process.argv.slice(2))
