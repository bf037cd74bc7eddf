import { decode, type DomainError, type RecordedEvent } from '@gridcase/core'
import { Actor } from '@gridcase/core/access'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as t from 'io-ts'
import { parseCsv } from './csv.js'
import { CSV_COLUMNS } from './export.js'

const Envelope = t.type(
  {
    eventId: t.string,
    streamId: t.string,
    version: t.Int,
    position: t.Int,
    type: t.string,
    schemaVersion: t.Int,
    data: t.unknown,
    metadata: t.type({
      commandId: t.string,
      correlationId: t.string,
      causationId: t.string,
      actor: Actor,
      occurredAt: t.string,
      recordedAt: t.string,
      prevHash: t.string,
      hash: t.string,
    }),
  },
  'RecordedEvent',
)

const atLine = (line: number, error: DomainError): DomainError =>
  error.code === 'validation'
    ? { ...error, message: `line ${line}: ${error.message}`, errors: error.errors.map((e) => ({ ...e, path: `line ${line}: ${e.path}` })) }
    : error

const parseJson = (text: string, what: string): E.Either<DomainError, unknown> => {
  try {
    return E.right(JSON.parse(text) as unknown)
  } catch {
    return E.left({ code: 'validation', message: `${what} is not JSON`, errors: [{ path: what, message: 'expected JSON' }] })
  }
}

/** Reads an NDJSON export back into events, naming the line and field of the first bad one. */
export const readNdjson = (text: string): E.Either<DomainError, RecordedEvent[]> => {
  const events: RecordedEvent[] = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? ''
    if (line.trim() === '') continue
    const decoded = E.flatMap(parseJson(line, '(root)'), (json) => decode(Envelope, json))
    if (E.isLeft(decoded)) return E.left(atLine(i + 1, decoded.left))
    events.push(decoded.right)
  }
  return E.right(events)
}

/** Reads a CSV export back into events (it carries everything the chain needs). */
export const readCsv = (text: string): E.Either<DomainError, RecordedEvent[]> => {
  const [header, ...records] = parseCsv(text)
  if (header === undefined || header.join(',') !== CSV_COLUMNS.join(',')) {
    return E.left({ code: 'validation', message: 'not a gridcase CSV export', errors: [{ path: 'line 1', message: `expected the columns ${CSV_COLUMNS.join(',')}` }] })
  }
  const events: RecordedEvent[] = []
  for (let i = 0; i < records.length; i += 1) {
    const r = records[i] ?? []
    const field = (name: (typeof CSV_COLUMNS)[number]): string => r[CSV_COLUMNS.indexOf(name)] ?? ''
    const dataText = field('data')
    const decoded = pipe(
      E.Do,
      E.bind('data', () => (dataText === '' ? E.right(undefined) : parseJson(dataText, 'data'))),
      E.bind('actor', () => parseJson(field('actor'), 'actor')),
    )
    const event = E.flatMap(decoded, ({ data, actor }) =>
      decode(Envelope, {
        eventId: field('event_id'),
        streamId: field('stream_id'),
        version: Number(field('version')),
        position: Number(field('position')),
        type: field('type'),
        schemaVersion: Number(field('schema_version')),
        data,
        metadata: {
          commandId: field('command_id'),
          correlationId: field('correlation_id'),
          causationId: field('causation_id'),
          actor,
          occurredAt: field('occurred_at'),
          recordedAt: field('recorded_at'),
          prevHash: field('prev_hash'),
          hash: field('hash'),
        },
      }),
    )
    if (E.isLeft(event)) return E.left(atLine(i + 2, event.left))
    events.push(event.right)
  }
  return E.right(events)
}
