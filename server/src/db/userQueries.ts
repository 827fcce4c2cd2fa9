import type { Db } from './database.ts'
import { prepared } from './statements.ts'

// The user and has_role tables: who may sign in, with which password hash or API key, in which roles.

/** A user row as stored. */
export interface UserRow {
  name: string
  full_name: string
  password_hash: string
  enabled: number
  api_key: string | null
  api_secret_hash: string | null
}

/** Stores a user and their roles in one transaction. */
export function insertUserWithRoles(
  db: Db,
  user: Pick<UserRow, 'name' | 'full_name' | 'password_hash'>,
  roles: string[],
  creation: string,
): void {
  db.transaction(() => {
    prepared(db, 'INSERT INTO user (name, full_name, password_hash, creation) VALUES (?, ?, ?, ?)').run(
      user.name,
      user.full_name,
      user.password_hash,
      creation,
    )
    const addRole = prepared(db, 'INSERT INTO has_role (user, role) VALUES (?, ?)')
    for (const role of roles) addRole.run(user.name, role)
  })()
}

/** Whether a user of this name exists, enabled or not. */
export function userExists(db: Db, name: string): boolean {
  return prepared(db, 'SELECT 1 FROM user WHERE name = ?', { pluck: true }).get(name) !== undefined
}

/** An enabled user's name and full name, or undefined. */
export function selectEnabledUser(db: Db, name: string): Pick<UserRow, 'name' | 'full_name'> | undefined {
  return prepared(db, 'SELECT name, full_name FROM user WHERE name = ? AND enabled = 1').get(name) as
    Pick<UserRow, 'name' | 'full_name'> | undefined
}

/** A user's roles, sorted. */
export function selectRoles(db: Db, name: string): string[] {
  return prepared(db, 'SELECT role FROM has_role WHERE user = ? ORDER BY role', { pluck: true }).all(name) as string[]
}

/** An enabled user's password hash, or undefined. */
export function selectPasswordHash(db: Db, name: string): string | undefined {
  return prepared(db, 'SELECT password_hash FROM user WHERE name = ? AND enabled = 1', { pluck: true }).get(name) as string | undefined
}

/** A user's API key (null when none was issued), or undefined when there is no such user. */
export function selectApiKey(db: Db, name: string): Pick<UserRow, 'api_key'> | undefined {
  return prepared(db, 'SELECT api_key FROM user WHERE name = ?').get(name) as Pick<UserRow, 'api_key'> | undefined
}

/** Stores a user's API key and the hash of its secret. */
export function updateApiKey(db: Db, name: string, apiKey: string, secretHash: string): void {
  prepared(db, 'UPDATE user SET api_key = ?, api_secret_hash = ? WHERE name = ?').run(apiKey, secretHash, name)
}

/** The enabled user holding an API key, with the secret's hash, or undefined. */
export function selectByApiKey(db: Db, apiKey: string): Pick<UserRow, 'name' | 'api_secret_hash'> | undefined {
  return prepared(db, 'SELECT name, api_secret_hash FROM user WHERE api_key = ? AND enabled = 1').get(apiKey) as
    Pick<UserRow, 'name' | 'api_secret_hash'> | undefined
}
