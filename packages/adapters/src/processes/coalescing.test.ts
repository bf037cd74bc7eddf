// The process runner's passes over new events pause as the projection runner's do: the adaptive pause (coalesceMaxMs)
// reaches each process's passes. Counted by a process that passes every page over (the webhook feeder's way when
// nothing is subscribed): `passOver` is asked once a pass.
import type { CaseType } from '@gridcase/core'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { manualClock } from '../clock.js'
import { sqliteCheckpoints } from '../sqlite/checkpoints.js'
import { sqliteEventStore } from '../sqlite/store.js'
import { sqliteReadModelFile, type ReadModelFile } from '../projections/sqliteFile.js'
import { sqliteProcessCheckpoints } from './definitions.js'
import { sqliteLeases } from './lease.js'
import { processRunner, type ProcessDefinition } from './runner.js'
import { added } from '../../../../tests/support/plainEvents.js'


let dir: string
let store: ReturnType<typeof sqliteEventStore>
let file: ReadModelFile
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gridcase-process-coalesce-'))
  store = sqliteEventStore({ path: join(dir, 'gridcase.sqlite') })
  file = sqliteReadModelFile(join(dir, 'read-models.sqlite'))
})
afterEach(async () => {
  file.close()
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the process runner (流程运行器) between passes', () => {
  it('passes the adaptive pause to its passes (coalesceMaxMs): after the first pass it waits coalesceMaxMs, so 6 events 5 ms apart take 2 passes', async () => {
    const passes: number[] = []
    const counting: ProcessDefinition = {
      name: 'counting',
      handles: 'all',
      passOver: async (position) => {
        passes.push(position)
        return true
      },
      react: async () => {
        throw new Error('every page is passed over')
      },
    }
    let active: () => void = () => undefined
    const following = new Promise<void>((resolve) => {
      active = resolve
    })
    // No fixed pause at all (coalesceMs 0): a runner that ignored coalesceMaxMs would take each event alone (6 passes).
    // The first pass pauses coalesceMaxMs (no rate seen yet), far longer than the test, and only the waiter ends it.
    const runner = processRunner({
      store, caseTypes: [] as readonly CaseType[], processes: [counting], clock: manualClock('2026-03-01T00:00:00Z'), holder: 'test',
      checkpoints: sqliteProcessCheckpoints(sqliteCheckpoints(file.db)), leases: sqliteLeases(file.db),
      coalesceMs: 0, coalesceMaxMs: 60_000,
      onActive: (_name, on) => on && active(),
      onError: (_name, error) => console.error('process failed', error),
    })
    try {
      runner.start()
      await following
      let last = -1
      for (let n = 0; n < 6; n += 1) {
        if (n > 0) await new Promise((resolve) => setTimeout(resolve, 5))
        const outcome = await store.appendToStream(`s-${n % 4}`, [added(n)], { expectedVersion: 'any' })
        if (outcome._tag === 'Left') throw new Error(outcome.left.message)
        last = outcome.right.events.at(-1)?.position ?? last
      }
      await runner.waitFor('counting', last)
      expect(passes.at(-1)).toBe(last)
      expect(passes).toHaveLength(2)
    } finally {
      await runner.stop()
    }
  })
})

describe('the process runner\'s pause options', () => {
  it.each([
    [{ coalesceMs: Number.NaN }, /^coalesceMs: /],
    [{ coalesceMaxMs: -1 }, /^coalesceMaxMs: /],
    [{ coalesceEvents: -1 }, /^coalesceEvents: /],
  ])('refuses %o when the runner is built, naming the option', (options, message) => {
    const build = () =>
      processRunner({
        store, caseTypes: [] as readonly CaseType[], processes: [], clock: manualClock('2026-03-01T00:00:00Z'), holder: 'test',
        checkpoints: sqliteProcessCheckpoints(sqliteCheckpoints(file.db)), leases: sqliteLeases(file.db), ...options,
      })
    expect(build).toThrow(message)
  })
})
