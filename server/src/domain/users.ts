import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { nowDatetime, type Db } from '../db/database.ts'
import {
  insertUserWithRoles,
  selectApiKey,
  selectByApiKey,
  selectEnabledUser,
  selectPasswordHash,
  selectRoles,
  updateApiKey,
} from '../db/userQueries.ts'
import { hashPassword, verifyPassword } from './passwords.ts'

export const ROLE_SYSTEM_MANAGER = 'System Manager'
export const ROLE_ACCOUNTS_USER = 'Accounts User'

/** A signed-in user as the routes see it. */
export interface AuthUser {
  name: string
  full_name: string
  roles: string[]
}

/** Creates a user with a scrypt-hashed password and the given roles. */
export async function createUser(db: Db, user: { name: string; full_name: string; password: string; roles: string[] }): Promise<void> {
  const passwordHash = await hashPassword(user.password)
  insertUserWithRoles(db, { name: user.name, full_name: user.full_name, password_hash: passwordHash }, user.roles, nowDatetime())
}

/** Loads an enabled user with their roles, or null. */
export function findUser(db: Db, name: string): AuthUser | null {
  const row = selectEnabledUser(db, name)
  if (!row) return null
  return { name: row.name, full_name: row.full_name, roles: selectRoles(db, row.name) }
}

/** The user for a name and password, or null when either is wrong (the caller does not learn which). */
export async function authenticatePassword(db: Db, name: string, password: string): Promise<AuthUser | null> {
  const passwordHash = selectPasswordHash(db, name)
  // Hash even for an unknown user so the answer takes as long either way.
  const ok = await verifyPassword(password, passwordHash ?? (await dummyHash()))
  return ok && passwordHash !== undefined ? findUser(db, name) : null
}

// A valid hash of a random password, only used to spend the same time on unknown users.
let dummy: Promise<string> | undefined
const dummyHash = () => (dummy ??= hashPassword(randomBytes(16).toString('hex')))

/**
 * Issues a fresh api_secret for the user (keeping an existing api_key, as Frappe's generate_keys does)
 * and returns both. Only a SHA-256 of the secret is stored: it is 128 random bits, so a slow hash adds nothing.
 */
export function issueApiKey(db: Db, userName: string): { api_key: string; api_secret: string } {
  const row = selectApiKey(db, userName)
  if (!row) throw new Error(`User ${userName} does not exist`)
  const apiKey = row.api_key ?? randomBytes(8).toString('hex').slice(0, 15)
  const apiSecret = randomBytes(16).toString('hex').slice(0, 15) + randomBytes(8).toString('hex')
  updateApiKey(db, userName, apiKey, sha256(apiSecret))
  return { api_key: apiKey, api_secret: apiSecret }
}

/** The user owning an api_key:api_secret pair, or null. */
export function authenticateToken(db: Db, apiKey: string, apiSecret: string): AuthUser | null {
  const row = selectByApiKey(db, apiKey)
  if (!row?.api_secret_hash) return null
  const expected = Buffer.from(row.api_secret_hash, 'hex')
  const actual = Buffer.from(sha256(apiSecret), 'hex')
  return timingSafeEqual(expected, actual) ? findUser(db, row.name) : null
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}
