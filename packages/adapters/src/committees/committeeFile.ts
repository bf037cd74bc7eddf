import { fileURLToPath } from 'node:url'
import { decode, validationError, type DomainError } from '@gridcase/core'
import { CommitteeFile, committeeRegistryOf, type CommitteeRegistry } from '@gridcase/core/dispute'
import * as E from 'fp-ts/lib/Either.js'
import { readJsonFile } from '../jsonFile.js'

/**
 * The committees shipped for the demo district (呼和浩特市赛罕区): its mediation centre with the medical, campus,
 * property and labour committees, and the people's mediation committees of its communities. The server uses it
 * unless `GRIDCASE_COMMITTEES` names another file.
 */
export const DEMO_COMMITTEES_FILE = fileURLToPath(new URL('../../jurisdictions/hohhot-saihan-committees.json', import.meta.url))

/**
 * Reads a committee file (JSON, `{ "format": "gridcase-committees/1", "centres": […], "committees": […] }`, see
 * docs/committees.md): a file that cannot be read, is not JSON or is not a committee file is refused with every
 * problem named (`committees[2].mediators[0].id`), never half-loaded.
 */
export const readCommitteeRegistry = (path: string): E.Either<DomainError, CommitteeRegistry> => {
  const read = readJsonFile(path)
  if ('problem' in read) return E.left(validationError([read.problem]))
  const raw = read.json
  return E.chain((file: CommitteeFile): E.Either<DomainError, CommitteeRegistry> => {
    const made = committeeRegistryOf(file)
    return 'registry' in made ? E.right(made.registry) : E.left(validationError(made.problems.map((p) => ({ path: `${path}: ${p.path}`, message: p.message }))))
  })(E.mapLeft((e: DomainError): DomainError => (e.code === 'validation' ? validationError(e.errors.map((f) => ({ path: `${path}: ${f.path}`, message: f.message }))) : e))(decode(CommitteeFile, raw)))
}
