// A backdated append: a correctly chained event written after the fact with a past recorded time (an insider's raw
// write, which the next signed head signs; or the store's clock set back). No chain or head breaks, so `audit verify`
// warns of it from the times along the log (core/audit/clock.ts), without calling the log altered.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sqliteEventStore } from '@gridcase/adapters'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliInProcess as cli } from './helpers/cliInProcess.js'

const dir = mkdtempSync(join(tmpdir(), 'gridcase-clock-'))
const db = join(dir, 'gridcase.sqlite')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const actor = { id: 'a', role: 'admin' as const, jurisdiction: 'x' }
const note = (n: number) => ({ type: 'ComplaintNoteAdded', schemaVersion: 1, data: { note: `第${n}次` }, metadata: { commandId: `c${n}`, correlationId: `c${n}`, causationId: `c${n}`, actor, occurredAt: '2026-12-04T10:00:00.000Z' } })

beforeAll(async () => {
  // Appends at 10:00, 10:01 … 10:04, then one at 08:30 (the clock the store reads set back 1 h 34 min), then 10:06.
  const times = ['10:00', '10:01', '10:02', '10:03', '10:04', '08:30', '10:06'].map((t) => `2026-12-04T${t}:00.000Z`)
  let next = 0
  const store = sqliteEventStore({ path: db, clock: { now: () => times[Math.min(next, times.length - 1)] as string } })
  for (let i = 0; i < times.length; i += 1) {
    next = i
    await store.appendToStream(`complaint-${i % 2}`, [note(i)], { expectedVersion: 'any' })
  }
  await store.close()
})

describe('audit verify and the recorded times along the log', () => {
  it('warns of an event recorded back in time, naming it and the event it is behind; the chains are intact, so it exits 0', async () => {
    const run = await cli('audit', 'verify', '--db', db)
    expect(run.stdout).toMatch(/^ok: 7 events in 2 streams, every chain intact\n/)
    expect(run.stdout).toContain('WARNING: the recorded time steps back by more than 60 s at 1 place(s) in the log')
    expect(run.stdout).toContain('complaint-1 version 2 (position 5, event ')
    expect(run.stdout).toContain('recorded 2026-12-04T08:30:00.000Z, 5640 s before complaint-0 at position 4 (2026-12-04T10:04:00.000Z)')
    expect(run.code).toBe(0)
    const json = JSON.parse((await cli('audit', 'verify', '--db', db, '--json')).stdout) as { ok: boolean; clock: { backwards: number; steps: { position: number }[] } }
    expect(json).toMatchObject({ ok: true, clock: { toleranceSeconds: 60, backwards: 1, steps: [{ position: 5, previousPosition: 4, backSeconds: 5640 }] } })
  })

  it('takes a wider tolerance (--clock-tolerance, seconds), and refuses one that is no number', async () => {
    const wide = await cli('audit', 'verify', '--db', db, '--clock-tolerance', '5640')
    expect(wide.stdout).not.toContain('WARNING')
    expect(wide.code).toBe(0)
    expect((await cli('audit', 'verify', '--db', db, '--clock-tolerance', '5639')).stdout).toContain('WARNING: the recorded time steps back')
    expect(await cli('audit', 'verify', '--db', db, '--clock-tolerance', 'a minute')).toMatchObject({ code: 2, stderr: expect.stringContaining('--clock-tolerance') })
    expect(await cli('audit', 'export', '--format', 'ndjson', '--db', db, '--clock-tolerance', '5')).toMatchObject({ code: 2, stderr: expect.stringContaining('--clock-tolerance') })
  })
})
