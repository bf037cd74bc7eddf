import { fileURLToPath } from 'node:url'
import { decode, validationError, type DomainError } from '@gridcase/core'
import { JurisdictionFile, registryOf, type JurisdictionRegistry } from '@gridcase/core/projections'
import * as E from 'fp-ts/lib/Either.js'
import { readJsonFile } from '../jsonFile.js'

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
  const read = readJsonFile(path)
  if ('problem' in read) return E.left(validationError([read.problem]))
  const raw = read.json
  return E.chain((file: JurisdictionFile): E.Either<DomainError, JurisdictionRegistry> => {
    const made = registryOf(file)
    return 'registry' in made ? E.right(made.registry) : E.left(validationError(made.problems.map((p) => ({ path: `${path}: ${p.path}`, message: p.message }))))
  })(decode(JurisdictionFile, raw))
}
