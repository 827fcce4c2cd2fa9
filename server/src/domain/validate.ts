import { mandatoryError, validationError } from '../frappe/errors.ts'

/** Small readers for untrusted request fields: each either returns a clean value or throws a 417. */

/** A required string, trimmed, 1..max characters: only spaces is as missing as nothing. */
export function requiredString(value: unknown, label: string, max = 140): string {
  const text = optionalString(value, label, max)
  if (text === undefined) throw mandatoryError(`${label} is required`)
  return text
}

/** An optional string (undefined/null/'' → undefined), trimmed, at most max characters, no control characters. */
export function optionalString(value: unknown, label: string, max = 140): string | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw validationError(`${label} must be text`)
  const text = value.trim()
  if (text.length > max) throw validationError(`${label} is too long (${text.length} characters, at most ${max})`)
  // Tabs and newlines are fine in a description; other control characters are never meant.
  if (hasControlCharacters(text)) throw validationError(`${label} contains control characters`)
  return text === '' ? undefined : text
}

/** A finite number within [min, max] (or (min, max] when `exclusiveMin`). */
export function boundedNumber(
  value: unknown,
  label: string,
  { min, max, exclusiveMin = false }: { min: number; max: number; exclusiveMin?: boolean },
): number {
  if (value === undefined || value === null || value === '') throw mandatoryError(`${label} is required`)
  if (typeof value !== 'number' || !Number.isFinite(value)) throw validationError(`${label} must be a finite number`)
  if (exclusiveMin ? value <= min : value < min)
    throw validationError(`${label} must be ${exclusiveMin ? 'greater than' : 'at least'} ${min}`)
  if (value > max) throw validationError(`${label} must be at most ${max}`)
  return value
}

/** A whole number within [min, max]. */
export function boundedInteger(value: unknown, label: string, min: number, max: number): number {
  if (value === undefined || value === null || value === '') throw mandatoryError(`${label} is required`)
  if (typeof value !== 'number' || !Number.isInteger(value)) throw validationError(`${label} must be a whole number`)
  if (value < min || value > max) throw validationError(`${label} must be between ${min} and ${max}`)
  return value
}

/** A real calendar date as `YYYY-MM-DD`. */
export function isoDate(value: unknown, label: string, required = true): string | undefined {
  if (value === undefined || value === null || value === '') {
    if (required) throw mandatoryError(`${label} is required`)
    return undefined
  }
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw validationError(`${label} must be a date like 2026-01-31`)
  const date = new Date(`${value}T00:00:00Z`)
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value)
    throw validationError(`${label} is not a real date: ${value}`)
  return value
}

function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if ((code < 32 && code !== 9 && code !== 10 && code !== 13) || code === 127) return true
  }
  return false
}
