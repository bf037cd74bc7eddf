import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { decode, validationError, type DomainError } from '@gridcase/core'
import { JurisdictionFile, registryOf, type JurisdictionRegistry } from '@gridcase/core/projections'
import * as E from 'fp-ts/lib/Either.js'

/**
 * The registry shipped for the demo district (呼和浩特市赛罕区: four streets, their communities and grids). The
 * server and the CLI use it unless `GRIDCASE_JURISDICTIONS` names another file.
 */
export const DEMO_JURISDICTIONS_FILE = fileURLToPath(new URL('../../jurisdictions/hohhot-saihan.json', import.meta.url))

/**
 * Reads a jurisdiction registry file (JSON, `{ "format": "gridcase-jurisdictions/1", "jurisdictions": [{ code, name,
 * level }] }`, see docs/kpis.md): a file that cannot be read, is not JSON or is not a registry is refused with every
 * problem named (`jurisdictions[3].level`), never half-loaded.
 */
export const readJurisdictionRegistry = (path: string): E.Either<DomainError, JurisdictionRegistry> => {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    return E.left(validationError([{ path, message: `is not a readable JSON file: ${error instanceof Error ? error.message : String(error)}` }]))
  }
  return E.chain((file: JurisdictionFile): E.Either<DomainError, JurisdictionRegistry> => {
    const made = registryOf(file)
    return 'registry' in made ? E.right(made.registry) : E.left(validationError(made.problems.map((p) => ({ path: `${path}: ${p.path}`, message: p.message }))))
  })(decode(JurisdictionFile, raw))
}
