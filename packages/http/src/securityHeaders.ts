import type { IncomingMessage, ServerResponse } from 'node:http'
import type { RequestHandler } from 'express'
import helmet, { type HelmetOptions } from 'helmet'

const hasFunction = (value: unknown): boolean =>
  typeof value === 'function' || (typeof value === 'object' && value !== null && Object.values(value).some(hasFunction))

/**
 * helmet's headers, worked out once. helmet runs a dozen middlewares per request that each set the same
 * constant header; here helmet runs once at start-up against a recording response and every request
 * gets the recorded headers in one step. Options with functions (a CSP nonce per request, say) make
 * the headers depend on the request: then helmet itself runs on every request, as usual.
 */
export const securityHeaders = (options?: HelmetOptions): RequestHandler => {
  const fixed = fixedSecurityHeaders(options)
  if (fixed === undefined) return helmet(options)
  const { removed, headers } = fixed
  return (_req, res, next) => {
    for (const name of removed) res.removeHeader(name)
    for (const [name, value] of headers) res.setHeader(name, value)
    next()
  }
}

/**
 * The headers helmet sets (in its order) and those it removes, when they do not depend on the request; undefined
 * when they do (options with functions) or helmet did not answer at once. The fast command path sets the same.
 */
export const fixedSecurityHeaders = (
  options?: HelmetOptions,
): { readonly removed: readonly string[]; readonly headers: readonly (readonly [string, string])[] } | undefined => {
  const middleware = helmet(options)
  if (options !== undefined && hasFunction(options)) return undefined
  const set = new Map<string, string>()
  const removed: string[] = []
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      set.set(name, String(value))
      return recorder
    },
    removeHeader: (name: string) => {
      set.delete(name)
      removed.push(name)
    },
  }
  let called = false
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error !== undefined) throw error
    called = true
  })
  // helmet answers synchronously; a version that did not would not be recorded, so fall back to it.
  if (!called) return undefined
  return { removed, headers: [...set] }
}
