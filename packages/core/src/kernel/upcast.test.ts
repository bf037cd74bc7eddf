import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { Actor } from './actor.js'
import type { Decider } from './decider.js'
import type { RecordedEvent } from './envelope.js'
import { load } from './handler.js'
import { genesisHash, sealEvents, verifyStream } from './hash.js'
import type { DomainEvent } from './meta.js'
import type { EventStore } from './store.js'
import { currentVersion, emptySchema, upcast, type EventSchema } from './upcast.js'

const actor: Actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }

// ComplaintRegistered grew twice: v1 had `name`, v2 split it into `complainant.name`, v3 added `channel`.
type V1 = { readonly title: string; readonly name: string }
type V2 = { readonly title: string; readonly complainant: { readonly name: string } }
type V3 = V2 & { readonly channel: string }

const schema: EventSchema = {
  versions: { ComplaintRegistered: 3 },
  // Listed out of order on purpose: the chain is found by fromVersion, not by position in the list.
  upcasters: [
    { type: 'ComplaintRegistered', fromVersion: 2, upcast: (data) => ({ ...(data as V2), channel: 'hotline-12345' }) },
    {
      type: 'ComplaintRegistered',
      fromVersion: 1,
      upcast: (data) => {
        const { name, ...rest } = data as V1
        return { ...rest, complainant: { name } }
      },
    },
  ],
}

const recorded = (type: string, schemaVersion: number, data: unknown, version = 0): RecordedEvent => {
  const [sealed] = sealEvents({
    streamId: 'complaint-1',
    nextVersion: version,
    prevHash: genesisHash('complaint-1'),
    recordedAt: '2026-03-01T01:30:00.000Z',
    events: [{ type, schemaVersion, data, metadata: { commandId: 'c', correlationId: 'c', causationId: 'c', actor, occurredAt: '2026-03-01T09:30:00+08:00' } }],
    newEventId: () => `e${version}`,
  })
  if (sealed === undefined) throw new Error('nothing sealed')
  return { ...sealed, position: version }
}

describe('upcast', () => {
  it('lifts an event stored at version 1 to version 3 through two upcasters', () => {
    const old = recorded('ComplaintRegistered', 1, { title: '噪音', name: '王女士' })
    const lifted = upcast(schema, old)
    expect(lifted.schemaVersion).toBe(3)
    expect(lifted.data).toEqual({ title: '噪音', complainant: { name: '王女士' }, channel: 'hotline-12345' })
    expect({ ...lifted, data: old.data, schemaVersion: 1 }).toEqual(old)
  })

  it('starts from the stored version: a version 2 event takes only the last step', () => {
    const lifted = upcast(schema, recorded('ComplaintRegistered', 2, { title: 't', complainant: { name: 'n' } }))
    expect(lifted).toMatchObject({ schemaVersion: 3, data: { title: 't', complainant: { name: 'n' }, channel: 'hotline-12345' } })
  })

  it('leaves current events and other types as they are, the same object', () => {
    const current = recorded('ComplaintRegistered', 3, { title: 't', complainant: { name: 'n' }, channel: 'walk-in' })
    const other = recorded('ComplaintAccepted', 1, {})
    expect(upcast(schema, current)).toBe(current)
    expect(upcast(schema, other)).toBe(other)
    expect(upcast(emptySchema, recorded('ComplaintRegistered', 1, { title: 't', name: 'n' })).schemaVersion).toBe(1)
  })

  it('stops where a step is missing, reporting the version it reached', () => {
    const gappy: EventSchema = { versions: { X: 3 }, upcasters: [{ type: 'X', fromVersion: 1, upcast: (d) => ({ ...(d as object), two: true }) }] }
    expect(upcast(gappy, recorded('X', 1, { one: true }))).toMatchObject({ schemaVersion: 2, data: { one: true, two: true } })
  })

  it('does not change the stored event', () => {
    const old = recorded('ComplaintRegistered', 1, { title: 't', name: 'n' })
    const copy = structuredClone(old)
    upcast(schema, old)
    expect(old).toEqual(copy)
  })

  it('knows the current version of a type, 1 when the schema does not name it', () => {
    expect(currentVersion(schema, 'ComplaintRegistered')).toBe(3)
    expect(currentVersion(schema, 'ComplaintAccepted')).toBe(1)
  })
})

describe('load with a schema', () => {
  type Registered = DomainEvent<'ComplaintRegistered', V3>
  const decider: Decider<never, Registered, { complainant?: string; channel?: string }> = {
    initialState: {},
    decide: () => E.right([]),
    evolve: (_, event) => ({ complainant: event.data.complainant.name, channel: event.data.channel }),
  }

  it('folds old events as the current shape while the store keeps them as written', async () => {
    const stored = [recorded('ComplaintRegistered', 1, { title: '噪音', name: '王女士' })]
    const store: EventStore = {
      readStream: async () => stored,
      appendToStream: async () => {
        throw new Error('load must not write')
      },
      readAll: async () => stored,
      subscribe: async function* () {},
      streamVersion: async () => 0,
      close: async () => {},
    }
    const loaded = await load(store, decider, 'complaint-1', { schema })
    expect(loaded.state).toEqual({ complainant: '王女士', channel: 'hotline-12345' })
    expect(loaded.events[0]).toMatchObject({ schemaVersion: 3, data: { complainant: { name: '王女士' } } })
    expect(await store.readStream('complaint-1')).toMatchObject([{ schemaVersion: 1, data: { title: '噪音', name: '王女士' } }])
    // The chain covers the event as written, so upcasting never breaks verification.
    expect(verifyStream('complaint-1', await store.readStream('complaint-1')).ok).toBe(true)
  })
})
