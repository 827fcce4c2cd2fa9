import type { FastifyRequest } from 'fastify'
import { DOCTYPES } from '../db/doctypes.ts'

const VERBS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])

/**
 * The `endpoint` label of a request: a whitelisted method's name, `resource:<DocType>` for a known
 * DocType, the route's pattern (`/private/files/:fileName`) for other routes, `fallback` for the
 * app's pages and 404s. Never the raw URL or anything a client typed that the server does not know,
 * so the number of series stays bounded however the server is probed.
 */
export function endpointLabel(request: FastifyRequest, isMethod: (name: string) => boolean): string {
  const route = request.routeOptions.url
  if (route === undefined) return 'fallback'
  const params = (request.params ?? {}) as Record<string, unknown>
  // Each method is its own route (`/api/method/<name>`); the catch-all `/api/method/*` answers unknown ones.
  if (route.startsWith('/api/method/')) {
    const name = route.slice('/api/method/'.length)
    return isMethod(name) ? name : 'method:unknown'
  }
  if (route.startsWith('/api/resource/:doctype')) {
    const doctype = params.doctype
    return typeof doctype === 'string' && Object.hasOwn(DOCTYPES, doctype) ? `resource:${doctype}` : 'resource:unknown'
  }
  return route
}

/** The `verb` label: the HTTP method, or `other` for anything unusual. */
export function verbLabel(request: FastifyRequest): string {
  return VERBS.has(request.method) ? request.method : 'other'
}
