import type { EventData, ResolvedEvent } from '@eventstore/db-client'
import { genesisHash, sealEvents, verifyStream, type HashFn, type NewEvent } from '@gridcase/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DEFAULT_STREAM_PREFIXES, fromResolvedEvent, isOurs, toEventData } from './envelope.js'

const actor = { id: 'u-1', role: 'mediator', jurisdiction: 'hohhot/saihan' } as const
const newEvent = (data: unknown, eventId?: string): NewEvent => ({
  type: 'MediationAgreed',
  schemaVersion: 2,
  data,
  metadata: { commandId: 'cmd-1', correlationId: 'corr-1', causationId: 'cause-1', actor, occurredAt: '2026-03-01T09:30:00+08:00' },
  ...(eventId === undefined ? {} : { eventId }),
})

/** What the client hands back for an event it wrote: JSON parsed again, the id as the server prints it (lower-case). */
const asRead = (written: EventData, streamId: string, revision: number, position: number): ResolvedEvent =>
  ({
    event: {
      streamId,
      id: written.id.toLowerCase(),
      revision: BigInt(revision),
      type: written.type,
      data: JSON.parse(JSON.stringify(written.data)),
      metadata: JSON.parse(JSON.stringify(written.metadata)),
      isJson: true,
      created: new Date(0),
      position: { commit: BigInt(position), prepare: BigInt(position) },
    },
  }) as ResolvedEvent

const seal = (events: readonly NewEvent[], streamId = 'dispute-7') =>
  sealEvents({ streamId, nextVersion: 0, prevHash: 'genesis', recordedAt: '2026-03-01T01:30:00Z', events, newEventId: () => crypto.randomUUID() })

describe('our envelope ↔ an EventStoreDB event', () => {
  it('any sealed event reads back as written, with the position and a verifying chain', () => {
    const eventId = fc.oneof(
      fc.constant(undefined),
      fc.uuid(),
      fc.uuid().map((u) => u.toUpperCase()),
      fc.string({ minLength: 1, maxLength: 20 }),
    )
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.json().map((j) => JSON.parse(j) as unknown), eventId), { minLength: 1, maxLength: 5 }), (specs) => {
        const streamId = 'dispute-7'
        // A cheap stand-in for sha256: the property is about the mapping, not the digest.
        const hash: HashFn = (s) => `h(${s.length})${s.slice(-8)}`
        const sealed = sealEvents({
          streamId,
          nextVersion: 0,
          prevHash: genesisHash(streamId, hash),
          recordedAt: '2026-03-01T01:30:00Z',
          events: specs.map(([data, id]) => newEvent(data, id)),
          newEventId: () => crypto.randomUUID(),
          hash,
        })
        const read = sealed.map((e, i) => fromResolvedEvent(asRead(toEventData(e), streamId, e.version, 100 * (i + 1))))
        expect(read).toEqual(sealed.map((e, i) => ({ ...e, position: 100 * (i + 1) })))
        expect(verifyStream(streamId, read, hash).ok).toBe(true)
      }),
    )
  })

  it('writes a uuid event id, JSON, and the correlation names EventStoreDB projections follow', () => {
    const [sealed] = seal([newEvent({ a: 1 }, 'not-a-uuid')])
    if (sealed === undefined) throw new Error('nothing sealed')
    const data = toEventData(sealed)
    expect(data.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(data.contentType).toBe('application/json')
    expect(data.metadata).toMatchObject({ $correlationId: 'corr-1', $causationId: 'cause-1', eventId: 'not-a-uuid', schemaVersion: 2 })
  })

  it('refuses an event that is not our envelope, naming the fields', () => {
    const [sealed] = seal([newEvent({ a: 1 })])
    if (sealed === undefined) throw new Error('nothing sealed')
    const read = asRead(toEventData(sealed), 'dispute-7', 0, 10)
    const withMetadata = (metadata: unknown): ResolvedEvent =>
      ({ event: { ...read.event, metadata } }) as ResolvedEvent
    const { hash: _hash, actor: _actor, ...rest } = read.event?.metadata as Record<string, unknown>
    expect(() => fromResolvedEvent(withMetadata(rest))).toThrow(/^event dispute-7@0: .*metadata\.hash: expected a string/)
    expect(() => fromResolvedEvent(withMetadata(rest))).toThrow(/metadata\.actor: expected an actor/)
    expect(() => fromResolvedEvent(withMetadata({ ...rest, hash: 'h', actor: { id: 1 } }))).toThrow(/metadata\.actor/)
    expect(() => fromResolvedEvent(withMetadata(new Uint8Array([1])))).toThrow(/JSON object/)
    expect(() => fromResolvedEvent({ event: { ...read.event, isJson: false } } as ResolvedEvent)).toThrow(/JSON data/)
    expect(() => fromResolvedEvent({} as ResolvedEvent)).toThrow(/deleted event/)
  })
})

describe('which $all events are ours', () => {
  it('takes our prefixes and refuses $ streams and $ event types', () => {
    expect(isOurs('complaint-1', 'ComplaintRegistered', DEFAULT_STREAM_PREFIXES)).toBe(true)
    expect(isOurs('dispute-1', 'DisputeOpened', DEFAULT_STREAM_PREFIXES)).toBe(true)
    expect(isOurs('other-1', 'Whatever', DEFAULT_STREAM_PREFIXES)).toBe(false)
    expect(isOurs('other-1', 'Whatever', [...DEFAULT_STREAM_PREFIXES, 'other-'])).toBe(true)
    expect(isOurs('$$complaint-1', '$metadata', DEFAULT_STREAM_PREFIXES)).toBe(false)
    expect(isOurs('complaint-1', '$>', DEFAULT_STREAM_PREFIXES)).toBe(false)
    expect(isOurs('$stats-1', 'complaint-', ['$'])).toBe(false)
  })
})
