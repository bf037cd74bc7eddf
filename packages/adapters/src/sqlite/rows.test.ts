import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EVENT_COLUMNS, fromRawRow, fromRow, type EventRawRow, type EventRow } from './rows.js'

const json = fc.jsonValue().map((v) => JSON.stringify(v))
const metadataText = fc.dictionary(fc.string(), fc.jsonValue()).map((m) => JSON.stringify(m))
const eventRow: fc.Arbitrary<EventRow> = fc.record({
  position: fc.nat(),
  stream_id: fc.string(),
  version: fc.nat(),
  event_id: fc.string(),
  type: fc.string(),
  schema_version: fc.nat(),
  data: fc.option(json, { nil: null }),
  metadata: metadataText,
  recorded_at: fc.string(),
  prev_hash: fc.string(),
  hash: fc.string(),
})
/** The row as a raw statement gives it: its values in `EVENT_COLUMNS` order. */
const rawOf = (row: EventRow): EventRawRow => EVENT_COLUMNS.split(', ').map((column) => row[column as keyof EventRow]) as EventRawRow

describe('events rows', () => {
  it('a raw row gives the envelope the row object gives, its keys in the same order', () => {
    fc.assert(
      fc.property(eventRow, (row) => {
        const expected = fromRow(row)
        const actual = fromRawRow(rawOf(row))
        expect(actual).toEqual(expected)
        expect(JSON.stringify(actual)).toBe(JSON.stringify(expected))
        expect(JSON.stringify(Object.keys(actual.metadata))).toBe(JSON.stringify(Object.keys(expected.metadata)))
      }),
      { numRuns: 300 },
    )
  })

  it('metadata that is not a JSON object is refused as the row object refuses it, naming the position', () => {
    fc.assert(
      fc.property(eventRow, fc.constantFrom('[]', 'null', '1', '"x"'), (row, metadata) => {
        const bad = { ...row, metadata }
        expect(() => fromRawRow(rawOf(bad))).toThrow(`event at position ${row.position} has metadata that is not a JSON object`)
        expect(() => fromRow(bad)).toThrow(`event at position ${row.position} has metadata that is not a JSON object`)
      }),
    )
  })
})
