import type { Socket } from 'node:net'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { errorBody } from './envelope.ts'
import { FrappeHttpError, authenticationError, doesNotExistError, permissionError, tooLargeError } from './errors.ts'
import { schemaValidationError } from './validationErrors.ts'

/**
 * What @fastify/busboy (under @fastify/multipart) throws for a body it cannot read: plain Errors with no
 * code or status, so they are known by their wording (busboy's `lib/types/multipart.js` and `deps/dicer`).
 */
const MALFORMED_MULTIPART =
  /^(Multipart: Boundary not found|Unexpected end of multipart data|Part terminated early|Malformed part header|Unexpected end of form)/

/** A broken multipart body (no boundary, garbage, cut off midway): the client's fault, never a 500. */
function isMalformedMultipart(error: unknown): error is Error {
  const { code, statusCode } = error as Partial<FastifyError>
  return error instanceof Error && code === undefined && statusCode === undefined && MALFORMED_MULTIPART.test(error.message)
}

/**
 * Translates any error into a FrappeHttpError: ours pass through, Fastify's and its plugins' become the
 * nearest Frappe exception with a plain message. Anything else is a 500 whose details stay in the log.
 */
export function toFrappeHttpError(error: unknown): FrappeHttpError {
  if (error instanceof FrappeHttpError) return error
  if (isMalformedMultipart(error))
    return new FrappeHttpError('ValidationError', 400, `The multipart body could not be read: ${error.message}`)
  const fastifyError = error as Partial<FastifyError>
  if (fastifyError.validation) return schemaValidationError(fastifyError.validation)
  const code = fastifyError.code ?? ''
  const status = fastifyError.statusCode ?? 500
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (error instanceof SyntaxError && status === 400))
    return new FrappeHttpError('ValidationError', 400, 'The request body is not valid JSON')
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY')
    return new FrappeHttpError('ValidationError', 400, 'The request body is empty but declared as JSON')
  if (status === 413 || code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT')
    return tooLargeError(code.startsWith('FST_REQ_FILE') ? 'The file is larger than 10 MB' : 'The request is too large')
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || status === 415)
    return new FrappeHttpError('ValidationError', 415, 'Unsupported content type: send JSON, a form, or multipart')
  if (status === 404) return doesNotExistError('Not found')
  // @fastify/static refuses a path with `..` in it with 403: that is Frappe's PermissionError.
  if (status === 403) return permissionError('Not permitted: this path is not allowed')
  if (status === 401) return authenticationError()
  if (status >= 400 && status < 500) return new FrappeHttpError('ValidationError', status, fastifyError.message || 'Bad request')
  return new FrappeHttpError('InternalServerError', 500, 'Internal Server Error: the error was logged on the server')
}

/** Installs Frappe-style error and 404 bodies for every route, Fastify's own failures included. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const frappeError = toFrappeHttpError(error)
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
    error.code === 'FST_ERR_BAD_URL'
      ? new FrappeHttpError('ValidationError', 400, 'The URL is not valid: check its %-encoding')
      : toFrappeHttpError(error)
  reply.status(frappeError.statusCode).type('application/json; charset=utf-8').send(errorBody(frappeError))
}

/**
 * For Fastify's `clientErrorHandler`: a request Node's HTTP parser rejects before Fastify sees it (a URL
 * or headers over the 16 KB limit → 431, anything unreadable → 400) still gets Frappe's error body, not
 * Fastify's own. The exception name for 431 is werkzeug's, as 413's RequestEntityTooLarge is.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const frappeError =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? new FrappeHttpError('RequestHeaderFieldsTooLarge', 431, 'The URL or the request headers are too long (16 KB at most)')
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new FrappeHttpError('ValidationError', 408, 'The request took too long to arrive')
        : new FrappeHttpError('ValidationError', 400, 'The request could not be read as HTTP')
  const body = JSON.stringify(errorBody(frappeError))
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${frappeError.statusCode} ${STATUS_TEXT[frappeError.statusCode]}\r\nConnection: close\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    )
  }
  socket.destroy(error)
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' }
