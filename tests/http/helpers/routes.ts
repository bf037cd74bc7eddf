// Walks express's router stacks: every `METHOD /path` the app answers, in OpenAPI style (`{id}`).
import type { Express } from 'express'

interface Layer {
  readonly route?: { readonly path: string | string[]; readonly methods: Record<string, boolean> }
  readonly handle?: { readonly stack?: readonly Layer[] }
}

export const expressRoutes = (app: Express): string[] => {
  const walk = (stack: readonly Layer[]): string[] =>
    stack.flatMap((layer) => {
      if (layer.route !== undefined) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path]
        return paths.flatMap((p) =>
          Object.keys(layer.route?.methods ?? {})
            .filter((m) => m !== '_all')
            .map((m) => `${m.toUpperCase()} ${p.replace(/:(\w+)/g, '{$1}')}`),
        )
      }
      return layer.handle?.stack === undefined ? [] : walk(layer.handle.stack)
    })
  return walk((app as unknown as { router: { stack: Layer[] } }).router.stack)
}

/** Every `METHOD /path` an OpenAPI document lists. */
export const documentedRoutes = (spec: { paths: Record<string, Record<string, unknown>> }): string[] =>
  Object.entries(spec.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
