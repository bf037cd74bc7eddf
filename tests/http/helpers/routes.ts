// Walks express's router stacks: every `METHOD /path` the app answers, in OpenAPI style (`{id}`).
import type { Express } from 'express'

interface Layer {
  readonly route?: { readonly path: string | string[]; readonly methods: Record<string, boolean> }
  readonly handle?: { readonly stack?: readonly Layer[] }
  /** The path a router was mounted at (`app.use(path, router)`); '/' when mounted without one. */
  readonly rawPath?: unknown
}

export const expressRoutes = (app: Express): string[] => {
  const walk = (stack: readonly Layer[], prefix = ''): string[] =>
    stack.flatMap((layer) => {
      if (layer.route !== undefined) {
        const paths = (Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path]).map((p) => (prefix !== '' && p === '/' ? prefix : `${prefix}${p}`))
        return paths.flatMap((p) =>
          Object.keys(layer.route?.methods ?? {})
            .filter((m) => m !== '_all')
            .map((m) => `${m.toUpperCase()} ${p.replace(/:(\w+)/g, '{$1}')}`),
        )
      }
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : ''
      return layer.handle?.stack === undefined ? [] : walk(layer.handle.stack, `${prefix}${mount}`)
    })
  return walk((app as unknown as { router: { stack: Layer[] } }).router.stack)
}

/** Every `METHOD /path` an OpenAPI document lists. */
export const documentedRoutes = (spec: { paths: Record<string, Record<string, unknown>> }): string[] =>
  Object.entries(spec.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
