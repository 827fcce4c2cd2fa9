import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { errorBody } from './envelope.ts'
import { FrappeError, doesNotExistError, tooLargeError } from './errors.ts'

/**
 * Translates any error into a FrappeError: ours pass through, Fastify's and its plugins' become the
 * nearest Frappe exception with a plain message. Anything else is a 500 whose details stay in the log.
 */
export function toFrappeError(error: unknown): FrappeError {
  if (error instanceof FrappeError) return error
  const fastifyError = error as Partial<FastifyError>
  const code = fastifyError.code ?? ''
  const status = fastifyError.statusCode ?? 500
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (error instanceof SyntaxError && status === 400))
    return new FrappeError('ValidationError', 400, 'The request body is not valid JSON')
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY')
    return new FrappeError('ValidationError', 400, 'The request body is empty but declared as JSON')
  if (status === 413 || code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT')
    return tooLargeError(code.startsWith('FST_REQ_FILE') ? 'The file is larger than 10 MB' : 'The request is too large')
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || status === 415)
    return new FrappeError('ValidationError', 415, 'Unsupported content type: send JSON, a form, or multipart')
  if (status === 404) return doesNotExistError('Not found')
  if (status >= 400 && status < 500)
    return new FrappeError('ValidationError', status, fastifyError.message || 'Bad request')
  return new FrappeError('InternalServerError', 500, 'Internal Server Error: the error was logged on the server')
}

/** Installs Frappe-style error and 404 bodies for every route, Fastify's own failures included. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const frappeError = toFrappeError(error)
    if (frappeError.statusCode >= 500 && frappeError.excType !== 'MemoryPressureError') {
      request.log.error({ err: error }, 'unhandled error')
    } else {
      request.log.info({ exc_type: frappeError.excType, reason: frappeError.message }, 'request refused')
    }
    if (frappeError.retryAfter !== undefined) reply.header('Retry-After', String(frappeError.retryAfter))
    return reply.status(frappeError.statusCode).type('application/json; charset=utf-8').send(errorBody(frappeError))
  })
}

/**
 * For Fastify's `frameworkErrors` option: errors raised before routing (a URL that is not valid
 * percent-encoding) never reach the error handler, so they get the same Frappe body here.
 */
export function frameworkErrorHandler(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const frappeError =
    error.code === 'FST_ERR_BAD_URL' ? new FrappeError('ValidationError', 400, 'The URL is not valid: check its %-encoding') : toFrappeError(error)
  reply.status(frappeError.statusCode).type('application/json; charset=utf-8').send(errorBody(frappeError))
}
