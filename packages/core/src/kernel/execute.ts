import * as E from 'fp-ts/lib/Either.js'
import { streamIdOf, type CaseType } from './caseType.js'
import { decode } from './codec.js'
import { validationError, type DomainError } from './errors.js'
import { handle, type HandleOptions, type HandleResult } from './handler.js'
import type { Command, CommandMeta, DomainEvent } from './meta.js'

/** `create` opens a case; any other name is one of the case type's routes (`accept`, `submit-result`, …). */
export const CREATE = 'create'

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Decodes outside data for a case type's command, by its route name, and handles it: what an
 * integrator calls instead of building typed commands by hand. Bad data is a `validation` error
 * naming the field; an unknown command names `command`.
 */
export const execute = async <C extends Command, Ev extends DomainEvent, S>(
  store: Parameters<typeof handle>[0],
  caseType: CaseType<C, Ev, S>,
  caseId: string,
  command: string,
  data: unknown,
  meta: CommandMeta,
  options: Omit<HandleOptions, 'schema'> = {},
): Promise<E.Either<DomainError, HandleResult<Ev, S>>> => {
  const spec = command === CREATE ? caseType.create : caseType.commands[command]
  if (spec === undefined) {
    const known = [CREATE, ...Object.keys(caseType.commands)].join(', ')
    return E.left(validationError([{ path: 'command', message: `expected one of ${known}` }]))
  }
  // The case id is the stream's: a create carries it in its data, filled in when the caller left it out.
  const input = command === CREATE && isRecord(data) && data.id === undefined ? { ...data, id: caseId } : data
  const decoded = decode(spec.data, input)
  if (E.isLeft(decoded)) return decoded
  if (command === CREATE && isRecord(decoded.right) && decoded.right.id !== caseId) {
    return E.left(validationError([{ path: 'id', message: `expected the case id ${caseId}` }]))
  }
  // The spec's codec decoded the data for exactly this command type, so the pair is a C.
  const typed = { type: spec.type, data: decoded.right, meta } as unknown as C
  return handle(store, caseType.decider, streamIdOf(caseType, caseId), typed, { ...options, schema: caseType.schema })
}
