import { defaultDataDir } from '../dataDir.ts'
import { openDatabase } from '../db/database.ts'
import { userExists } from '../db/userQueries.ts'
import { issueApiKey } from '../domain/users.ts'

/**
 * `npm run server:issue-key -- <user>`: issues a fresh api_secret (keeping the user's api_key) and
 * prints `api_key:api_secret`, for `Authorization: token api_key:api_secret`. Reads SCANNER_DATA_DIR.
 */
function run(argv: string[]): number {
  const user = argv[0]
  if (!user || argv.length > 1) {
    console.error('Usage: npm run server:issue-key -- <user>   (e.g. Administrator or clerk@example.com)')
    return 2
  }
  const dataDir = defaultDataDir()
  const db = openDatabase(dataDir)
  try {
    if (!userExists(db, user)) {
      console.error(`User ${user} does not exist in ${dataDir}/scanner.db (start the server once to create the users)`)
      return 1
    }
    const { api_key, api_secret } = issueApiKey(db, user)
    console.log(`${api_key}:${api_secret}`)
    return 0
  } finally {
    db.close()
  }
}

process.exitCode = run(process.argv.slice(2))
