import * as t from 'io-ts'
import { isJurisdictionPath, levelOf, LEVELS, parentOf, type Level } from '../access/jurisdiction.js'

/**
 * 辖区名册 — the jurisdiction registry: each code (a path such as `hohhot/saihan/wulanchabu-east-road`) with its
 * Chinese display name and level, so pages, the API and exports say 乌兰察布东路街道, not the path.
 * Codes stay the identity everywhere (scopes, events, read models); the registry only names them, so renaming a
 * street changes no history.
 */
export interface JurisdictionEntry {
  readonly code: string
  /** The display name, e.g. 乌兰察布东路街道. */
  readonly name: string
  readonly level: Level
}

export interface JurisdictionRegistry {
  readonly entries: ReadonlyMap<string, JurisdictionEntry>
}

export const emptyJurisdictionRegistry: JurisdictionRegistry = { entries: new Map() }

/** One entry of the file: `{ "code": "hohhot/saihan", "name": "赛罕区", "level": "district" }`. */
const Entry = t.type({ code: t.string, name: t.string, level: t.keyof(Object.fromEntries(LEVELS.map((l) => [l, null])) as Record<Level, null>) }, 'JurisdictionEntry')

/** The registry file (JSON): `{ "format": "gridcase-jurisdictions/1", "jurisdictions": [Entry, …] }`. */
export const JurisdictionFile = t.type({ format: t.literal('gridcase-jurisdictions/1'), jurisdictions: t.array(Entry) }, 'JurisdictionFile')
export type JurisdictionFile = t.TypeOf<typeof JurisdictionFile>

export interface RegistryProblem {
  /** Where: `jurisdictions[3].level`. */
  readonly path: string
  readonly message: string
}

/**
 * The registry from a decoded file, or every problem with it: a code that is no jurisdiction path, a level that is
 * not the code's (`hohhot/saihan` is a district), an empty name, a code listed twice. A parent need not be listed
 * (a street office may load its own street and communities only).
 */
export const registryOf = (file: JurisdictionFile): { readonly registry: JurisdictionRegistry } | { readonly problems: readonly RegistryProblem[] } => {
  const problems: RegistryProblem[] = []
  const entries = new Map<string, JurisdictionEntry>()
  file.jurisdictions.forEach((e, i) => {
    const at = `jurisdictions[${i}]`
    if (!isJurisdictionPath(e.code)) problems.push({ path: `${at}.code`, message: `"${e.code}" is not a jurisdiction path (lower-case segments separated by /, at most 5)` })
    else if (levelOf(e.code) !== e.level) problems.push({ path: `${at}.level`, message: `"${e.code}" is a ${levelOf(e.code)}, not a ${e.level}` })
    if (e.name.trim() === '') problems.push({ path: `${at}.name`, message: 'must not be empty' })
    if (entries.has(e.code)) problems.push({ path: `${at}.code`, message: `"${e.code}" is listed twice` })
    entries.set(e.code, { code: e.code, name: e.name.trim(), level: e.level })
  })
  return problems.length > 0 ? { problems } : { registry: { entries } }
}

/** The display name of a code, or null when the registry does not name it. */
export const nameOf = (registry: JurisdictionRegistry, code: string): string | null => registry.entries.get(code)?.name ?? null

/** The children the registry lists under a code (streets of a district, communities of a street), in code order. */
export const registryChildren = (registry: JurisdictionRegistry, code: string): JurisdictionEntry[] =>
  [...registry.entries.values()].filter((e) => parentOf(e.code) === code).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))

/** Every entry at or under a code, in code order (a tree read top-down): what an actor scoped there may see named. */
export const registryUnder = (registry: JurisdictionRegistry, code: string): JurisdictionEntry[] =>
  [...registry.entries.values()]
    .filter((e) => e.code === code || e.code.startsWith(`${code}/`))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
