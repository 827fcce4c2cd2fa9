import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify'
import { requireCsrf, requireUser } from '../../http/auth.ts'
import type { AuthUser } from '../../domain/users.ts'
import { doesNotExistError, permissionError, validationError } from '../../frappe/errors.ts'

type Verb = 'GET' | 'POST'

const ALL_VERBS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const
const METHOD_PREFIX = '/api/method/'

/** Requests that came with no body (preValidation gave them an empty one), so their query string counts. */
const withoutBody = new WeakSet<FastifyRequest>()

/** What a whitelisted method receives. */
export interface MethodCall {
  request: FastifyRequest
  reply: FastifyReply
  /** The signed-in user; null only for `allowGuest` methods called by a guest. */
  user: AuthUser | null
  /** Frappe's form_dict: a JSON body alone, or the query string merged with a form body (the query only for multipart). */
  args: Record<string, unknown>
}

/** A method under `/api/method/<name>`, like a `@frappe.whitelist()` function. */
export interface MethodDefinition {
  name: string
  /** Writes are POST only and check CSRF for cookie sessions; reads are GET. Any other verb → 403. */
  verbs: Verb[]
  allowGuest?: boolean
  /** Login has no session yet, so it cannot carry a token. */
  csrfExempt?: boolean
  /** By default the result is wrapped as `{message}` (`{}` for none); false sends it as the whole body. */
  envelope?: boolean
  /**
   * JSON Schemas Fastify validates the payload with before the handler runs (`body`, `querystring`);
   * a mismatch is a 417 ValidationError naming the field. They say the types and shapes; what a schema
   * cannot say (trimmed text, real dates, rows numbered from the invoice's first) stays in domain/.
   */
  schema?: Pick<FastifySchema, 'body' | 'querystring'>
  handler: (call: MethodCall) => unknown
}

/**
 * The table of whitelisted methods, filled by the route modules. Each becomes its own Fastify route for
 * its verbs (with its schema), plus one route answering its other verbs with Frappe's 403, and a
 * catch-all answers unknown methods with 404 DoesNotExistError, all in Frappe's shape.
 */
export class MethodRegistry {
  private readonly methods = new Map<string, MethodDefinition>()

  /** Adds a method; the name must be unique. */
  define(definition: MethodDefinition): void {
    if (this.methods.has(definition.name)) throw new Error(`method ${definition.name} defined twice`)
    this.methods.set(definition.name, definition)
  }

  /** Whether a method of this name exists (for metric labels: unknown names are never used as one). */
  has(name: string): boolean {
    return this.methods.has(name)
  }

  /** Registers one route per method and verb set, the wrong-verb routes and the catch-all. */
  install(app: FastifyInstance): void {
    for (const method of this.methods.values()) {
      const url = `${METHOD_PREFIX}${method.name}`
      const handler = async (request: FastifyRequest, reply: FastifyReply) => {
        const user = method.allowGuest ? request.auth.user : requireUser(request)
        if (request.method !== 'GET' && request.method !== 'HEAD' && !method.csrfExempt) requireCsrf(request)
        const result = await method.handler({ request, reply, user, args: readArgs(request) })
        if (reply.sent) return reply
        if (method.envelope === false) return result
        // frappe/handler.py `handle` sets `message` only for a result that is not None: logout answers `{}`.
        return result === undefined || result === null ? {} : { message: result }
      }
      // Auth comes before the payload's shape: a guest learns nothing about a method's arguments.
      const preValidation = async (request: FastifyRequest) => {
        if (!method.allowGuest) requireUser(request)
        // No body (an empty one, or multipart read by the handler) is an empty form_dict, not a wrong type.
        if (request.body === undefined || request.body === null) {
          request.body = {}
          withoutBody.add(request)
        }
      }
      const verbs: string[] = []
      if (method.verbs.includes('GET')) {
        // Fastify takes no body schema on GET: reads validate their query string only.
        const schema = method.schema?.querystring ? { querystring: method.schema.querystring } : undefined
        app.route({ method: ['GET', 'HEAD'], url, schema, preValidation, handler })
        verbs.push('GET', 'HEAD')
      }
      if (method.verbs.includes('POST')) {
        app.route({ method: 'POST', url, schema: method.schema, preValidation, handler })
        verbs.push('POST')
      }
      const otherVerbs = ALL_VERBS.filter((verb) => !verbs.includes(verb))
      if (otherVerbs.length) {
        app.route({
          method: otherVerbs,
          url,
          // Frappe answers a verb a method does not allow with 403 (frappe/handler.py is_valid_http_method).
          handler: async (request) => {
            if (!method.allowGuest) requireUser(request)
            throw permissionError(`Not permitted: ${method.name} accepts ${method.verbs.join(', ')} only`)
          },
        })
      }
    }
    app.route({
      method: [...ALL_VERBS],
      url: `${METHOD_PREFIX}*`,
      handler: async (request) => {
        const name = (request.params as { '*': string })['*']
        throw doesNotExistError(`Method ${name.slice(0, 140)} not found`)
      },
    })
  }
}

/**
 * Frappe's form_dict, as frappe/app.py `make_form_dict` builds it: a JSON body that has data is the whole of
 * it and the query string is ignored; otherwise the query string, then the form body over it. An empty body
 * (whatever its Content-Type) is no body.
 */
function readArgs(request: FastifyRequest): Record<string, unknown> {
  const query = (request.query ?? {}) as Record<string, unknown>
  const body = request.body
  if (body === undefined || body === null || request.isMultipart()) return { ...query }
  if (typeof body !== 'object' || Array.isArray(body)) throw validationError('The request body must be a JSON object')
  const isJson = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json'
  if (isJson && !withoutBody.has(request)) return { ...(body as Record<string, unknown>) }
  return { ...query, ...(body as Record<string, unknown>) }
}
