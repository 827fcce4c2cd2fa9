import type { FastifySchemaValidationError } from 'fastify'
import { FrappeHttpError } from './errors.ts'

const MAX_MESSAGES = 10

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  integer: 'a whole number',
  number: 'a finite number',
  array: 'a list',
  object: 'an object',
  boolean: 'true or false',
}

/**
 * Fastify's schema validation failure as Frappe would answer bad input: 417 ValidationError (MandatoryError
 * when only required fields are missing) with one plain message per problem, naming the field.
 */
export function schemaValidationError(errors: FastifySchemaValidationError[]): FrappeHttpError {
  const messages = errors.map(describe)
  const shown = messages.slice(0, MAX_MESSAGES)
  if (messages.length > shown.length) shown.push(`…and ${messages.length - shown.length} more problems`)
  const [first = 'The request is not valid', ...rest] = shown
  const missingOnly = errors.every((error) => error.keyword === 'required')
  return new FrappeHttpError(missingOnly ? 'MandatoryError' : 'ValidationError', 417, first, { extraMessages: rest })
}

function describe(error: FastifySchemaValidationError): string {
  const params = error.params as Record<string, unknown>
  const field = error.instancePath.replace(/^\//, '').replaceAll('/', '.')
  if (error.keyword === 'required') return `${[field, params.missingProperty].filter(Boolean).join('.')} is required`
  if (!field) return error.keyword === 'type' ? 'The request body must be a JSON object' : `The request ${error.message ?? 'is not valid'}`
  switch (error.keyword) {
    case 'type':
      return `${field} must be ${TYPE_WORDS[String(params.type)] ?? String(params.type)}`
    case 'maxLength':
      return `${field} is too long (at most ${String(params.limit)} characters)`
    case 'maxItems':
      return `${field} holds at most ${String(params.limit)} entries`
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum':
      return `${field} ${error.message ?? 'is out of range'}`
    case 'enum':
      return `${field} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`
    default:
      return `${field} ${error.message ?? 'is not valid'}`
  }
}
