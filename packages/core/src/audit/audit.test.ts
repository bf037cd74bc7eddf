import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import type { Actor } from '../kernel/actor.js'
import type { CaseType } from '../kernel/caseType.js'
import type { RecordedEvent } from '../kernel/envelope.js'
import { verifyStream } from '../kernel/hash.js'
import type { Command, DomainEvent } from '../kernel/meta.js'
import { caseAsOf } from './asOf.js'
import { historyView } from './history.js'
import { sealLog, type EventDraft } from './sealedLog.js'
import { verifyLog } from './verify.js'

const clerk: Actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }
const draft = (streamId: string, type: string, at: string, data: unknown = {}): EventDraft => ({ streamId, type, data, actor: clerk, at })

const log = sealLog([
  draft('counter-a', 'Added', '2026-03-01T09:00:00+08:00', { n: 2 }),
  draft('counter-b', 'Added', '2026-03-01T09:30:00+08:00', { n: 10 }),
  draft('counter-a', 'Added', '2026-03-01T10:00:00+08:00', { n: 3 }),
  draft('counter-a', 'Reset', '2026-03-02T08:00:00+08:00', { reason: '数据录入错误, "重来"' }),
  draft('counter-a', 'Added', '2026-03-02T09:00:00+08:00', { n: 7 }),
])

type CounterEvent = DomainEvent<'Added', { n: number }> | DomainEvent<'Reset', { reason: string }>
const counter: CaseType<Command, CounterEvent, number> = {
  name: 'counter',
  streamPrefix: 'counter-',
  decider: {
    initialState: 0,
    decide: () => E.right([]),
    evolve: (total, event) => (event.type === 'Added' ? total + event.data.n : 0),
  },
  schema: { versions: {}, upcasters: [] },
  create: { type: 'Open', data: t.unknown },
  commands: {},
  scope: () => undefined,
}
const streamOf = (id: string) => log.filter((e) => e.streamId === id)

/** Changes one field of the event at a position, keeping its recorded hash: what a tamperer would do. */
const tamper = (events: readonly RecordedEvent[], position: number, data: unknown): RecordedEvent[] =>
  events.map((e) => (e.position === position ? { ...e, data } : e))

describe('caseAsOf', () => {
  it('rebuilds a case as of a version', () => {
    expect(caseAsOf(counter, streamOf('counter-a'), { version: 1 })).toMatchObject({ state: 5, version: 1 })
  })
  it('rebuilds a case as of a time, inclusive, comparing instants across zones', () => {
    expect(caseAsOf(counter, streamOf('counter-a'), { time: '2026-03-01T02:00:00Z' }).state).toBe(5)
    expect(caseAsOf(counter, streamOf('counter-a'), { time: '2026-03-02T09:00:00+08:00' }).state).toBe(7)
    expect(caseAsOf(counter, streamOf('counter-a'), { time: '2026-03-01T08:59:59+08:00' })).toMatchObject({ state: 0, version: 'no-stream' })
  })
})

describe('historyView', () => {
  it('shows actor, time, command, correlation and the reason given', () => {
    const history = historyView(streamOf('counter-a'))
    expect(history.map((h) => [h.version, h.type, h.at, h.actor.id, h.commandId, h.correlationId])).toEqual([
      [0, 'Added', '2026-03-01T09:00:00+08:00', 'op-1', 'cmd-counter-a-0', 'cmd-counter-a-0'],
      [1, 'Added', '2026-03-01T10:00:00+08:00', 'op-1', 'cmd-counter-a-1', 'cmd-counter-a-1'],
      [2, 'Reset', '2026-03-02T08:00:00+08:00', 'op-1', 'cmd-counter-a-2', 'cmd-counter-a-2'],
      [3, 'Added', '2026-03-02T09:00:00+08:00', 'op-1', 'cmd-counter-a-3', 'cmd-counter-a-3'],
    ])
    expect(history[2]?.reason).toBe('数据录入错误, "重来"')
    expect(history[0]?.reason).toBeUndefined()
  })
  it('masks people in the data when asked', () => {
    const [event] = sealLog([draft('c-1', 'Registered', '2026-03-01T09:00:00Z', { complainant: { name: '张三', phone: '13800138000' } })])
    expect(historyView(event ? [event] : [], { mask: true })[0]?.data).toEqual({ complainant: { name: '张*', phone: '138****8000' } })
  })
})

describe('verifyLog', () => {
  it('accepts an untouched log and agrees with verifyStream', () => {
    expect(verifyLog(log)).toMatchObject({ ok: true, events: 5, streams: 2, brokenLinks: [] })
    expect(verifyStream('counter-a', streamOf('counter-a')).ok).toBe(true)
  })
  it('finds an altered event at its own link, like verifyStream does', () => {
    const altered = tamper(log, 2, { n: 300 })
    const result = verifyLog(altered)
    expect(result.ok).toBe(false)
    expect(result.firstBrokenLink).toMatchObject({ streamId: 'counter-a', version: 1, position: 2, reason: 'hash-mismatch' })
    const single = verifyStream('counter-a', altered.filter((e) => e.streamId === 'counter-a'))
    expect(single.ok === false && single.brokenLink).toEqual(result.firstBrokenLink)
  })
  it('reports the earliest broken link when several streams are broken', () => {
    const altered = tamper(tamper(log, 3, { reason: 'x' }), 1, { n: 11 })
    const result = verifyLog(altered)
    expect(result.brokenLinks.map((b) => b.position)).toEqual([1, 3])
    expect(result.firstBrokenLink?.streamId).toBe('counter-b')
  })
  it('finds a removed event as a broken chain', () => {
    const result = verifyLog(log.filter((e) => e.position !== 2))
    expect(result.firstBrokenLink).toMatchObject({ streamId: 'counter-a', version: 2, reason: 'version-gap' })
  })
  it('finds a re-hashed event by the next link', () => {
    // A tamperer who also recomputes the hash of the altered event breaks the link after it.
    const [forged] = sealLog([draft('counter-a', 'Added', '2026-03-01T09:00:00+08:00', { n: 200 })])
    const altered = log.map((e) => (e.position === 0 && forged ? { ...forged, position: 0 } : e))
    expect(verifyLog(altered).firstBrokenLink).toMatchObject({ version: 1, position: 2, reason: 'prev-hash-mismatch' })
  })
})
