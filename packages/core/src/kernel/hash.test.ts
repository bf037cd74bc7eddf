import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Actor } from './actor.js'
import type { NewEvent, RecordedEvent } from './envelope.js'
import { canonicalJsonWithout } from './canonicalJson.js'
import { canonicalJson, eventHash, genesisHash, sealEvents, sealEventsWithText, sealRecordedEvents, sha256Hex, verifyStream, type HashFn } from './hash.js'

const actor: Actor = { id: 'u1', role: 'grid-worker', jurisdiction: 'hohhot/saihan/street-1/community-2/grid-017' }

const newEvent = (type: string, data: unknown, commandId = 'c1'): NewEvent => ({
  type,
  schemaVersion: 1,
  data,
  metadata: { commandId, correlationId: commandId, causationId: commandId, actor, occurredAt: '2026-03-01T09:30:00+08:00' },
})

/** Ids that say where they came from, so tests can predict them. */
const counterIds = (prefix = 'e') => {
  let n = 0
  return () => `${prefix}${(n += 1)}`
}

/** Seals `events` as one new stream and gives them positions, as a store would. */
const sealedStream = (streamId: string, events: readonly NewEvent[], hash?: HashFn): RecordedEvent[] =>
  sealEvents({
    streamId,
    nextVersion: 0,
    prevHash: genesisHash(streamId, hash),
    recordedAt: '2026-03-01T01:30:00.000Z',
    events,
    newEventId: counterIds(),
    ...(hash === undefined ? {} : { hash }),
  }).map((e, i) => ({ ...e, position: 100 + i * 3 }))

const sample = (): RecordedEvent[] =>
  sealedStream('complaint-1', [
    newEvent('ComplaintRegistered', { title: '楼道堆物', channel: 'hotline-12345' }),
    newEvent('ComplaintAccepted', {}, 'c2'),
    newEvent('ComplaintDispatched', { unit: 'saihan/street-1', level: 'street' }, 'c3'),
    newEvent('ComplaintAcknowledged', { note: null }, 'c4'),
    newEvent('ResultSubmitted', { result: '已清理', photos: ['a.jpg', 'b.jpg'] }, 'c5'),
  ])

/** A JSON value with its object keys in a different (reversed) insertion order. */
const reorderKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(reorderKeys)
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reorderKeys(v)]),
    )
  }
  return value
}

describe('canonicalJson', () => {
  it('the same value with keys in any order gives the same bytes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(reorderKeys(value))).toBe(canonicalJson(value))
      }),
    )
  })

  it('canonical JSON is a fixed point: parsing and canonicalising again changes nothing', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const once = canonicalJson(value)
        expect(canonicalJson(JSON.parse(once))).toBe(once)
      }),
    )
  })

  it('sorts keys and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: '诉求' } })).toBe('{"a":{"c":"诉求","d":[2,1]},"b":1}')
  })

  it('throws on what JSON cannot hold, rather than hash something else', () => {
    expect(() => canonicalJson({ n: BigInt(1) })).toThrow()
    expect(() => canonicalJson(undefined)).toThrow(TypeError)
  })
})

describe('sha256Hex', () => {
  it('is SHA-256 in lower-case hex', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
  })
})

describe('sealEvents', () => {
  it('gives consecutive versions from nextVersion, the recording time, and chains each hash to the one before', () => {
    const sealed = sealEvents({
      streamId: 's',
      nextVersion: 7,
      prevHash: 'p',
      recordedAt: '2026-03-01T01:30:00.000Z',
      events: [newEvent('A', { a: 1 }), newEvent('B', { b: 2 }), newEvent('C', {})],
      newEventId: counterIds(),
    })
    expect(sealed.map((e) => [e.eventId, e.streamId, e.version, e.type])).toEqual([
      ['e1', 's', 7, 'A'],
      ['e2', 's', 8, 'B'],
      ['e3', 's', 9, 'C'],
    ])
    expect(sealed.map((e) => e.metadata.prevHash)).toEqual(['p', sealed[0]?.metadata.hash, sealed[1]?.metadata.hash])
    expect(sealed.every((e) => e.metadata.recordedAt === '2026-03-01T01:30:00.000Z')).toBe(true)
    expect(sealed.every((e) => !('position' in e))).toBe(true)
    const [first] = sealed
    if (first === undefined) throw new Error('nothing sealed')
    const { hash, ...metadata } = first.metadata
    expect(hash).toBe(eventHash({ ...first, metadata }))
  })

  it('the hash of any sealed event is sha256(prevHash ‖ canonicalJson(the envelope without position and hash)): the format of every log already written', () => {
    const json = fc.jsonValue({ maxDepth: 3 })
    fc.assert(
      fc.property(
        fc.array(fc.record({ type: fc.string({ minLength: 1 }), data: fc.option(json, { nil: undefined }), extra: fc.option(json, { nil: undefined }), requestHash: fc.option(fc.string(), { nil: undefined }) }), { minLength: 1, maxLength: 4 }),
        fc.string(),
        fc.nat(1000),
        (drafts, streamId, nextVersion) => {
          const events = drafts.map((d, i): NewEvent => {
            const e = newEvent(d.type, d.data, `c${i}`)
            const metadata = { ...e.metadata, ...(d.requestHash === undefined ? {} : { requestHash: d.requestHash }), ...(d.extra === undefined ? {} : { extra: d.extra }) }
            return { ...e, metadata }
          })
          const sealed = sealEventsWithText({ streamId, nextVersion, prevHash: genesisHash(streamId), recordedAt: '2026-03-01T01:30:00.000Z', events, newEventId: counterIds(), firstPosition: 7 })
          let prev = genesisHash(streamId)
          sealed.forEach(({ event, dataJson }, i) => {
            const { hash, ...metadata } = event.metadata
            // The format stated directly: the whole envelope through the general canonical JSON.
            const text = canonicalJson({ eventId: event.eventId, streamId, version: nextVersion + i, type: event.type, schemaVersion: 1, data: events[i]?.data, metadata })
            expect(metadata.prevHash).toBe(prev)
            expect(event.position).toBe(7 + i)
            expect(hash).toBe(sha256Hex(prev + text))
            expect(eventHash(event)).toBe(hash)
            expect(dataJson).toBe(events[i]?.data === undefined ? undefined : canonicalJson(events[i]?.data))
            prev = hash
          })
        },
      ),
    )
  })

  it('property: the envelope text is the general canonical JSON of the envelope, for ids, types, versions, command ids, request hashes and previous hashes of any kind (plain, escaped, non-ASCII, non-integer)', () => {
    // The envelope of a usual event is written by one template (plain string ids, finite versions); anything
    // else member by member. Both must be exactly the canonical JSON of the envelope.
    const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: fc.constantFrom('a', '"', '\\', '\n', '诉', '😀', '\u2028'), maxLength: 30 }))
    fc.assert(
      fc.property(text, text, text, fc.oneof(fc.nat(1000), fc.double({ noNaN: true, noDefaultInfinity: true })), fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }), fc.tuple(text, text, text), fc.option(text, { nil: undefined }), text, (streamId, type, eventId, schemaVersion, data, [commandId, correlationId, causationId], requestHash, prevHash) => {
        const plainEvent = newEvent(type, data, commandId)
        const ids = { ...plainEvent.metadata, correlationId, causationId }
        const metadata = requestHash === undefined ? ids : { ...ids, requestHash }
        const event: NewEvent = { ...plainEvent, metadata, schemaVersion, eventId }
        const [sealed] = sealEvents({ streamId, nextVersion: 3, prevHash, recordedAt: '2026-03-01T01:30:00.000Z', events: [event], newEventId: counterIds() })
        if (sealed === undefined) throw new Error('nothing sealed')
        const { hash, ...sealedMetadata } = sealed.metadata
        expect(hash).toBe(sha256Hex(`${prevHash}${canonicalJson({ eventId, streamId, version: 3, type, schemaVersion, data, metadata: sealedMetadata })}`))
      }),
      { numRuns: 300 },
    )
  })

  it('property: sealed metadata of handle\'s keys hashes as the general canonical JSON of the metadata, for command ids, actors, occurrence and recording times and previous hashes of any kind (quotes, backslashes, control characters, U+2028, non-ASCII, lone surrogates refused alike)', () => {
    // Metadata of `handle`'s keys is written by one template when its strings are plain; the reference is the
    // general path it replaced: the spread metadata through canonicalJsonWithout(…, 'hash').
    const awkward = fc.string({ unit: fc.constantFrom('a', '7', ':', '"', '\\', '\n', '\u0000', '\u001f', '\u007f', '\u2028', '\u2029', '诉', '😀', '\ud800', '\udc00', 'é'), maxLength: 12 })
    const text = fc.oneof(fc.string(), fc.constantFrom('2026-03-01T09:30:00+08:00', '2026-03-01T01:30:00.000Z'), awkward)
    const actorOf = fc.record({ id: text, role: text, jurisdiction: text }, { requiredKeys: ['id'] })
    fc.assert(
      fc.property(text, text, actorOf, fc.tuple(text, text, text), fc.option(text, { nil: undefined }), text, (occurredAt, recordedAt, actorGiven, [commandId, correlationId, causationId], requestHash, prevHash) => {
        const ids = { commandId, correlationId, causationId, actor: actorGiven as unknown as Actor, occurredAt }
        const metadata: NewEvent['metadata'] = requestHash === undefined ? ids : { ...ids, requestHash }
        const event: NewEvent = { type: 'A', schemaVersion: 1, data: { n: 1 }, metadata, eventId: 'e1' }
        const reference = (): string => {
          const metadataText = canonicalJsonWithout({ ...metadata, recordedAt, prevHash, hash: '' }, 'hash')
          return sha256Hex(`${prevHash}{"data":{"n":1},"eventId":"e1","metadata":${metadataText},"schemaVersion":1,"streamId":"s","type":"A","version":3}`)
        }
        const seal = () => sealEvents({ streamId: 's', nextVersion: 3, prevHash, recordedAt, events: [event], newEventId: counterIds() })[0]?.metadata.hash
        let expected: string
        try {
          expected = reference()
        } catch (error) {
          expect(error).toBeInstanceOf(TypeError)
          expect(seal).toThrow(TypeError)
          return
        }
        expect(seal()).toBe(expected)
      }),
      { numRuns: 500 },
    )
  })

  it('metadata with a key beyond handle\'s is hashed whole even when its data\'s toJSON seals other events meanwhile', () => {
    // The data's toJSON runs while the event is sealed; here it seals an event of `handle`'s keys itself.
    const data = {
      toJSON: () => {
        sealEvents({ streamId: 'inner', nextVersion: 0, prevHash: 'p', recordedAt: '2026-03-01T01:30:00.000Z', events: [newEvent('Inner', {})], newEventId: counterIds('i') })
        return { n: 1 }
      },
    }
    const metadata = { ...newEvent('A', {}).metadata, note: 'hashed too' }
    const [sealed] = sealEvents({ streamId: 's', nextVersion: 0, prevHash: 'p', recordedAt: '2026-03-01T01:30:00.000Z', events: [{ ...newEvent('A', data), metadata }], newEventId: counterIds() })
    if (sealed === undefined) throw new Error('nothing sealed')
    expect(sealed.metadata.hash).toBe(eventHash(sealed))
    const { hash, ...withoutHash } = sealed.metadata
    expect(hash).toBe(sha256Hex(`p${canonicalJson({ eventId: 'e1', streamId: 's', version: 0, type: 'A', schemaVersion: 1, data: { n: 1 }, metadata: withoutHash })}`))
  })

  it('property: appends one after another, on stream ids and store times that repeat or need escaping, hash the envelope as canonical JSON writes it', () => {
    // Sealing remembers the last stream id and store time it found plain: a run of appends alternating plain and
    // escaped ones (a quote, a backslash, a control character) must still hash the text the general writer gives.
    const texts = fc.constantFrom('complaint-1', 'complaint-2', 'com"plaint', 'a\\b', 'line\nbreak', '2026-03-01T01:30:00.000Z', '2026-03-01T01:30:00.001Z', '2026-03-01T01:30:00.00"Z')
    fc.assert(
      fc.property(fc.array(fc.tuple(texts, texts), { minLength: 1, maxLength: 12 }), (appends) => {
        for (const [streamId, recordedAt] of appends) {
          const [event] = sealRecordedEvents({ streamId, nextVersion: 0, prevHash: genesisHash(streamId), recordedAt, events: [newEvent('A', { n: 1 })], newEventId: counterIds(), firstPosition: 0 })
          if (event === undefined) throw new Error('nothing sealed')
          const { hash, ...metadata } = event.metadata
          const text = canonicalJson({ eventId: event.eventId, streamId, version: 0, type: 'A', schemaVersion: 1, data: { n: 1 }, metadata })
          expect(hash).toBe(sha256Hex(genesisHash(streamId) + text))
          expect(eventHash(event)).toBe(hash)
        }
      }),
    )
  })

  it('property: sealRecordedEvents seals exactly the events sealEventsWithText does', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ type: fc.string({ minLength: 1 }), data: fc.jsonValue({ maxDepth: 2 }) }), { minLength: 1, maxLength: 4 }), fc.nat(50), (drafts, firstPosition) => {
        const events = drafts.map((d, i) => newEvent(d.type, d.data, `c${i}`))
        const input = { streamId: 's', nextVersion: 0, prevHash: genesisHash('s'), recordedAt: '2026-03-01T01:30:00.000Z', events, firstPosition }
        const withText = sealEventsWithText({ ...input, newEventId: counterIds() })
        expect(sealRecordedEvents({ ...input, newEventId: counterIds() })).toEqual(withText.map((s) => s.event))
      }),
    )
  })

  it('eventHash of a recorded event as read gives its stored hash: position and the hash itself are not hashed', () => {
    for (const event of sample()) expect(eventHash(event)).toBe(event.metadata.hash)
  })

  it('sealed metadata is the caller\'s, key for key and in order, then recordedAt, prevHash and hash (an own __proto__ key stays a key)', () => {
    const odd = JSON.parse('{"commandId":"c1","__proto__":{"x":1},"actor":{"id":"u1"},"requestHash":"r","recordedAt":"stale"}') as NewEvent['metadata']
    for (const metadata of [newEvent('A', {}).metadata, { ...newEvent('A', {}).metadata, requestHash: 'r' }, odd]) {
      const [sealed] = sealEvents({ streamId: 's', nextVersion: 0, prevHash: 'p', recordedAt: '2026-03-01T01:30:00.000Z', events: [{ ...newEvent('A', {}), metadata }], newEventId: counterIds() })
      const spread = { ...metadata, recordedAt: '2026-03-01T01:30:00.000Z', prevHash: 'p', hash: sealed?.metadata.hash }
      expect(Object.entries(sealed?.metadata ?? {})).toEqual(Object.entries(spread))
      expect(Object.getPrototypeOf(sealed?.metadata)).toBe(Object.prototype)
    }
  })

  it('keeps a fixed event id and asks for new ids only where none is fixed', () => {
    const ids = counterIds('new-')
    const sealed = sealEvents({
      streamId: 's',
      nextVersion: 0,
      prevHash: genesisHash('s'),
      recordedAt: '2026-03-01T01:30:00.000Z',
      events: [newEvent('A', {}), { ...newEvent('B', {}), eventId: 'fixed' }, newEvent('C', {})],
      newEventId: ids,
    })
    expect(sealed.map((e) => e.eventId)).toEqual(['new-1', 'fixed', 'new-2'])
  })

  it('sealing in batches chains exactly like sealing at once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ type: fc.constantFrom('A', 'B'), data: fc.dictionary(fc.string(), fc.jsonValue()) }), { minLength: 1, maxLength: 12 }),
        fc.nat(),
        (events, cutSeed) => {
          const all = events.map((e) => newEvent(e.type, e.data))
          const cut = cutSeed % (all.length + 1)
          const input = { streamId: 's', recordedAt: '2026-03-01T01:30:00.000Z' }
          const ids = counterIds()
          const whole = sealEvents({ ...input, nextVersion: 0, prevHash: genesisHash('s'), events: all, newEventId: counterIds() })
          const head = sealEvents({ ...input, nextVersion: 0, prevHash: genesisHash('s'), events: all.slice(0, cut), newEventId: ids })
          const tail = sealEvents({
            ...input,
            nextVersion: cut,
            prevHash: head.at(-1)?.metadata.hash ?? genesisHash('s'),
            events: all.slice(cut),
            newEventId: ids,
          })
          expect([...head, ...tail]).toEqual(whole)
        },
      ),
    )
  })

  it('uses the injected hash function, and the chain verifies only with the same one', () => {
    const reversed: HashFn = (input) => sha256Hex(input).split('').reverse().join('')
    const events = sealedStream('s', [newEvent('A', {}), newEvent('B', {})], reversed)
    expect(events[0]?.metadata.prevHash).toBe(genesisHash('s', reversed))
    expect(verifyStream('s', events, reversed).ok).toBe(true)
    expect(verifyStream('s', events).ok).toBe(false)
  })
})

describe('verifyStream', () => {
  it('an untouched stream verifies, reporting its length and last hash', () => {
    const events = sample()
    expect(verifyStream('complaint-1', events)).toEqual({ ok: true, streamId: 'complaint-1', events: 5, lastHash: events[4]?.metadata.hash })
  })

  it('an empty stream verifies, its last hash being the genesis', () => {
    expect(verifyStream('s', [])).toEqual({ ok: true, streamId: 's', events: 0, lastHash: genesisHash('s') })
  })

  it('verifies a stream read from a version only when it is read from the start', () => {
    expect(verifyStream('complaint-1', sample().slice(2))).toMatchObject({ ok: false, brokenLink: { version: 2, reason: 'version-gap' } })
  })

  // Each way the record could be altered after the fact, and where verification must point.
  const tamperings: [string, (events: RecordedEvent[]) => RecordedEvent[], { version: number; reason: string; events: number }][] = [
    ['changed data', (es) => es.map((e) => (e.version === 2 ? { ...e, data: { unit: 'saihan/street-2', level: 'street' } } : e)), { version: 2, reason: 'hash-mismatch', events: 2 }],
    ['changed type', (es) => es.map((e) => (e.version === 1 ? { ...e, type: 'ComplaintRejected' } : e)), { version: 1, reason: 'hash-mismatch', events: 1 }],
    ['changed schema version', (es) => es.map((e) => (e.version === 0 ? { ...e, schemaVersion: 2 } : e)), { version: 0, reason: 'hash-mismatch', events: 0 }],
    ['changed event id', (es) => es.map((e) => (e.version === 3 ? { ...e, eventId: 'forged' } : e)), { version: 3, reason: 'hash-mismatch', events: 3 }],
    [
      'changed actor in the metadata',
      (es) => es.map((e) => (e.version === 3 ? { ...e, metadata: { ...e.metadata, actor: { ...actor, id: 'someone-else' } } } : e)),
      { version: 3, reason: 'hash-mismatch', events: 3 },
    ],
    [
      'changed occurrence time in the metadata',
      (es) => es.map((e) => (e.version === 4 ? { ...e, metadata: { ...e.metadata, occurredAt: '2026-02-01T09:30:00+08:00' } } : e)),
      { version: 4, reason: 'hash-mismatch', events: 4 },
    ],
    [
      'changed recording time in the metadata',
      (es) => es.map((e) => (e.version === 1 ? { ...e, metadata: { ...e.metadata, recordedAt: '2026-01-01T00:00:00.000Z' } } : e)),
      { version: 1, reason: 'hash-mismatch', events: 1 },
    ],
    [
      'changed hash',
      (es) => es.map((e) => (e.version === 2 ? { ...e, metadata: { ...e.metadata, hash: sha256Hex('forged') } } : e)),
      { version: 2, reason: 'hash-mismatch', events: 2 },
    ],
    [
      'changed data with its own hash recomputed',
      (es) =>
        es.map((e) => {
          if (e.version !== 2) return e
          const { hash: _hash, ...metadata } = e.metadata
          const forged = { ...e, data: { unit: 'elsewhere', level: 'street' }, metadata }
          return { ...forged, metadata: { ...metadata, hash: eventHash(forged) } }
        }),
      { version: 3, reason: 'prev-hash-mismatch', events: 3 },
    ],
    ['two events swapped', (es) => [es[0], es[2], es[1], es[3], es[4]].filter((e) => e !== undefined), { version: 2, reason: 'version-gap', events: 1 }],
    ['an event removed', (es) => es.filter((e) => e.version !== 1), { version: 2, reason: 'version-gap', events: 1 }],
    [
      'an event removed and the rest renumbered',
      (es) => es.filter((e) => e.version !== 1).map((e) => (e.version > 1 ? { ...e, version: e.version - 1 } : e)),
      { version: 1, reason: 'prev-hash-mismatch', events: 1 },
    ],
    ['an event inserted', (es) => [es[0], ...sealedStream('complaint-1', [newEvent('Forged', {})]).slice(0, 1), ...es.slice(1)].filter((e) => e !== undefined), { version: 0, reason: 'version-gap', events: 1 }],
  ]
  for (const [what, tamper, at] of tamperings) {
    it(`detects ${what} at its link`, () => {
      expect(verifyStream('complaint-1', tamper(sample()))).toMatchObject({
        ok: false,
        events: at.events,
        brokenLink: { streamId: 'complaint-1', version: at.version, reason: at.reason },
      })
    })
  }

  it('the global position is not part of the chain (stores assign it at commit)', () => {
    const moved = sample().map((e) => ({ ...e, position: e.position + 1_000 }))
    expect(verifyStream('complaint-1', moved).ok).toBe(true)
  })

  it('any change to the data of any one event is reported at that event', () => {
    fc.assert(
      fc.property(fc.nat({ max: 4 }), fc.jsonValue(), (version, data) => {
        const events = sample()
        fc.pre(canonicalJson(data) !== canonicalJson(events[version]?.data))
        const tampered = events.map((e) => (e.version === version ? { ...e, data } : e))
        expect(verifyStream('complaint-1', tampered)).toMatchObject({ ok: false, events: version, brokenLink: { version, reason: 'hash-mismatch' } })
      }),
    )
  })
})
