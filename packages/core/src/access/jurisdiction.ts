import { refinedString } from '../kernel/codec.js'

/** 辖区 levels, top to bottom: 市 / 区 / 街道 / 社区 / 网格. */
export const LEVELS = ['city', 'district', 'street', 'community', 'grid'] as const
export type Level = (typeof LEVELS)[number]

const SEGMENT = /^[a-z0-9][a-z0-9-]*$/

export const isJurisdictionPath = (value: string): boolean => {
  const segments = value.split('/')
  return segments.length >= 1 && segments.length <= LEVELS.length && segments.every((s) => SEGMENT.test(s))
}

/** A jurisdiction path such as `hohhot/saihan/wulanchabu-east-road/xx-community/grid-017`. */
export const Jurisdiction = refinedString(
  'Jurisdiction',
  isJurisdictionPath,
  'a jurisdiction path city/district/street/community/grid of lower-case segments',
)
export type Jurisdiction = string

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
