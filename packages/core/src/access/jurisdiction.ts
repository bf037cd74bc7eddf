import { LEVELS, type Level } from '../kernel/actor.js'

export { isJurisdictionPath, Jurisdiction, LEVELS, type Level } from '../kernel/actor.js'

/** The segments of a path, top first. */
export const segments = (path: string): readonly string[] => path.split('/')

/** The level a path names: `hohhot/saihan` is a district. */
export const levelOf = (path: string): Level => LEVELS[Math.min(segments(path).length, LEVELS.length) - 1] ?? 'city'

/** Every prefix of a path, top first: the scopes a case rolls up into. */
export const ancestors = (path: string): readonly string[] => {
  const parts = segments(path)
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'))
}

/** The parent scope, or undefined at the top. */
export const parentOf = (path: string): string | undefined => {
  const parts = segments(path)
  return parts.length > 1 ? parts.slice(0, -1).join('/') : undefined
}

/** Is `path` inside `scope` (the same place or below it)? */
export const isWithin = (scope: string, path: string): boolean => path === scope || path.startsWith(`${scope}/`)
