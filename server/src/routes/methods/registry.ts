import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { requireCsrf, requireUser } from '../../http/auth.ts'
import type { AuthUser } from '../../domain/users.ts'
import { doesNotExistError, permissionError, validationError } from '../../frappe/errors.ts'

type Verb = 'GET' | 'POST'

/** What a whitelisted method receives. */
export interface MethodCall {
  request: FastifyRequest
  reply: FastifyReply
  /** The signed-in user; null only for `allowGuest` methods called by a guest. */
  user: AuthUser | null
  /** Frappe's form_dict: query string merged with a JSON or form body (empty for multipart). */
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
  handler: (call: MethodCall) => unknown
}

/** The table of whitelisted methods, filled by the route modules and served by one route. */
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

  /** Registers `/api/method/:name` for every verb, dispatching here so a wrong verb gets Frappe's 403. */
  install(app: FastifyInstance): void {
    app.route({
      method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      url: '/api/method/:name',
      handler: async (request, reply) => {
        const { name } = request.params as { name: string }
        const method = this.methods.get(name)
        if (!method) throw doesNotExistError(`Method ${name} not found`)
        const user = method.allowGuest ? request.auth.user : requireUser(request)
        const verb = request.method === 'HEAD' ? 'GET' : request.method
        if (!method.verbs.includes(verb as Verb)) throw permissionError(`Not permitted: ${name} accepts ${method.verbs.join(', ')} only`)
        if (verb !== 'GET' && !method.csrfExempt) requireCsrf(request)
        const result = await method.handler({ request, reply, user, args: readArgs(request) })
        if (reply.sent) return reply
        if (method.envelope === false) return result
        // frappe/handler.py `handle` sets `message` only for a result that is not None: logout answers `{}`.
        return result === undefined || result === null ? {} : { message: result }
      },
    })
  }
}

function readArgs(request: FastifyRequest): Record<string, unknown> {
  const query = (request.query ?? {}) as Record<string, unknown>
  const body = request.body
  if (body === undefined || body === null || request.isMultipart()) return { ...query }
  if (typeof body !== 'object' || Array.isArray(body)) throw validationError('The request body must be a JSON object')
  return { ...query, ...(body as Record<string, unknown>) }
}
