import { memoryEventStore } from '@gridcase/adapters/embedded'
import type { NewEvent } from '@gridcase/core'
import { sealEvent, type FieldCipher } from '@gridcase/core/privacy'
import { describe, expect, it } from 'vitest'
import { onEventLoop } from './audit.js'

const actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' } as const

const note = (text: string): NewEvent => ({
  type: 'NoteAdded',
  schemaVersion: 1,
  data: { note: text },
  metadata: { commandId: text, correlationId: text, causationId: text, actor, occurredAt: '2026-11-30T08:00:00.000Z' },
})

/** A log of `cases` streams, two events each, appended case by case. */
const logOf = async (cases: number) => {
  const store = memoryEventStore()
  for (let c = 0; c < cases; c += 1) await store.appendToStream(`ticket-${c}`, [note(`c${c}-0`), note(`c${c}-1`)], { expectedVersion: 'no-stream' })
  return store
}

describe('the audit verifier (GET /api/v1/audit/verify) between runs', () => {
  it('retains no state that grows with the number of cases after a verify (1,000 vs 5,000 cases)', async () => {
    const retainedAfter = async (cases: number): Promise<number> => {
      const runner = onEventLoop(await logOf(cases))
      const log = await runner(false)
      // The run itself saw every case (its result is the caller's, dropped after the answer) …
      expect(log.eventsByStream.size).toBe(cases)
      // … but what the runner keeps for the next run does not depend on how many there were.
      return runner.retained()
    }
    const small = await retainedAfter(1_000)
    const large = await retainedAfter(5_000)
    expect(large).toBe(small)
    expect(large).toBeLessThan(100)
  })

  it('a second verify after new events checks them, and finds a tamper made between the two', async () => {
    const store = await logOf(3)
    const runner = onEventLoop(store)
    const first = await runner(false)
    expect(first.brokenLinks).toEqual([])
    expect([...first.eventsByStream.values()].reduce((a, b) => a + b, 0)).toBe(6)
    // New events on a case, then one of them and one already-verified event rewritten without recomputing hashes.
    await store.appendToStream('ticket-1', [note('c1-2'), note('c1-3')], { expectedVersion: 1 })
    const [, , appended] = await store.readStream('ticket-1')
    ;(appended?.data as { note: string }).note = 'rewritten after the first verify'
    const [, verified] = await store.readStream('ticket-2')
    ;(verified?.data as { note: string }).note = 'rewritten after it was verified'
    const second = await runner(false)
    expect(second.eventsByStream.get('ticket-1')).toBe(4)
    expect([...second.eventsByStream.values()].reduce((a, b) => a + b, 0)).toBe(8)
    expect(second.brokenLinks).toEqual([
      expect.objectContaining({ streamId: 'ticket-2', version: 1, reason: 'hash-mismatch' }),
      expect.objectContaining({ streamId: 'ticket-1', version: 2, reason: 'hash-mismatch' }),
    ])
    expect(second.from).toBe(8)
    expect(runner.retained()).toBe(0)
  })
})

describe("the key trial of a run on the event loop (beside PostgreSQL; `key-wrong`)", () => {
  // Sealing's shape only (the values are not secret here): the trial's own `opens` decides what opens.
  const cipher: FieldCipher = { seal: (_subject, plain) => Buffer.from(plain).toString('base64'), open: (_subject, sealed) => Buffer.from(sealed, 'base64').toString() }
  const registered = (n: number): NewEvent => ({
    type: 'ComplaintRegistered',
    schemaVersion: 1,
    data: { title: `路灯 ${n}`, complainant: { name: `居民${n}`, phone: '13904719876' } },
    metadata: { commandId: `r${n}`, correlationId: `r${n}`, causationId: `r${n}`, actor, occurredAt: '2026-11-30T08:00:00.000Z' },
  })
  const sealedLog = async (cases: number) => {
    const store = memoryEventStore()
    for (let c = 0; c < cases; c += 1) await store.appendToStream(`complaint-${c}`, [sealEvent(`complaint-${c}`, registered(c), cipher)], { expectedVersion: 'no-stream' })
    return store
  }

  it('sends back only the subjects whose kept key does not open, with the position tried (found in review: every subject\'s sample went back to be tried on the event loop)', async () => {
    const loaded: string[][] = []
    const runner = onEventLoop(await sealedLog(5), undefined, async () => ({
      load: async (subjects) => void loaded.push([...subjects]),
      opens: (subject) => subject !== 'complaint-3#complainant',
      close: () => undefined,
    }))
    const log = await runner(false)
    expect(log.wrongKeys).toEqual([['complaint-3#complainant', 3]])
    expect(loaded.flat().sort()).toEqual([0, 1, 2, 3, 4].map((c) => `complaint-${c}#complainant`).sort())
    expect(Object.keys(log)).not.toContain('sealedSamples')
  })

  it('gives the event loop turns between trials: a callback queued at the first trial runs before the last (each trial here takes 1 ms, 40 of them)', async () => {
    let ranBeforeLast: boolean | undefined
    let ran = false
    let tried = 0
    const runner = onEventLoop(await sealedLog(40), undefined, async () => ({
      load: async () => undefined,
      opens: () => {
        tried += 1
        if (tried === 1) setImmediate(() => (ran = true))
        if (tried === 40) ranBeforeLast = ran
        for (const until = performance.now() + 1; performance.now() < until; );
        return true
      },
      close: () => undefined,
    }))
    expect((await runner(false)).wrongKeys).toEqual([])
    expect(tried).toBe(40)
    expect(ranBeforeLast).toBe(true)
  })
})
