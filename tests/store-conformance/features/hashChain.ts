import { genesisHash, verifyStream, type RecordedEvent } from '@gridcase/core'
import { expect } from 'vitest'
import { appendOk, newEvent, newStreamId, numbered } from '../fixtures.js'
import type { SuiteContext } from '../suite.js'

const withData = (event: RecordedEvent, data: unknown): RecordedEvent => ({ ...event, data })

/** Every stream the store writes is a verifiable hash chain, across appends, and a change anywhere breaks it. */
export const hashChainFeatures = ({ store, test }: SuiteContext): void => {
  /** A stream written in several appends, with data that stresses serialisation. */
  const chained = async (): Promise<{ id: string; events: readonly RecordedEvent[] }> => {
    const id = newStreamId()
    await appendOk(store(), id, [newEvent('Registered', { z: 1, a: { y: [3, 2, 1], b: null }, title: '噪音扰民 "引号" \\ \n' })], 'no-stream')
    await appendOk(store(), id, numbered(3, 1), 0)
    await appendOk(store(), id, [newEvent('Noted', { amount: 12.5, big: 9007199254740991, neg: -0.001, emoji: '👍', empty: {} })], 3)
    await appendOk(store(), id, numbered(2, 5), 4)
    return { id, events: await store().readStream(id) }
  }

  test('a stream written over several appends verifies', async () => {
    const { id, events } = await chained()
    expect(verifyStream(id, events)).toMatchObject({ ok: true, streamId: id, events: 7, lastHash: events.at(-1)?.metadata.hash })
  })

  test('the first event links to the stream id and each next event to the one before', async () => {
    const { id, events } = await chained()
    expect(events[0]?.metadata.prevHash).toBe(genesisHash(id))
    for (let i = 1; i < events.length; i += 1) expect(events[i]?.metadata.prevHash).toBe(events[i - 1]?.metadata.hash)
  })

  test('the chain verifies again after a read by range', async () => {
    const { id } = await chained()
    const head = await store().readStream(id, { toVersion: 3 })
    expect(verifyStream(id, head)).toMatchObject({ ok: true, events: 4, lastHash: head.at(-1)?.metadata.hash })
  })

  test('a tampered event is reported at its link', async () => {
    const { id, events } = await chained()
    const tampered = events.map((e) => (e.version === 4 ? withData(e, { amount: 125, big: 9007199254740991, neg: -0.001, emoji: '👍', empty: {} }) : e))
    expect(verifyStream(id, tampered)).toMatchObject({ ok: false, events: 4, brokenLink: { version: 4, reason: 'hash-mismatch', eventId: events[4]?.eventId } })
  })

  test('a removed event is reported where the chain has a gap', async () => {
    const { id, events } = await chained()
    const removed = events.filter((e) => e.version !== 2)
    expect(verifyStream(id, removed)).toMatchObject({ ok: false, brokenLink: { version: 3, reason: 'version-gap' } })
  })

  test('streams do not share a chain: one stream’s events do not verify as another’s', async () => {
    const { events } = await chained()
    expect(verifyStream(newStreamId(), events)).toMatchObject({ ok: false, brokenLink: { version: 0 } })
  })
}
