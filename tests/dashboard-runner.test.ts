import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { EventStore } from '@gridcase/core'
import { dashboardProjection, dashboardView, replay } from '@gridcase/core/projections'
import { projectionRunner, sqliteCheckpointStore, sqliteEventStore } from '@gridcase/adapters'
import { afterAll, describe, expect, it } from 'vitest'
import { sampleDrafts } from './support/sampleLog.js'

const dir = mkdtempSync(join(tmpdir(), 'gridcase-dashboard-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const drafts = [...sampleDrafts({ cases: 40, seed: 11 })]
const append = async (store: EventStore, from: number, to: number) => {
  for (const draft of drafts.slice(from, to)) {
    const metadata = { commandId: `${draft.streamId}-${draft.at}`, correlationId: 'c', causationId: 'c', actor: draft.actor, occurredAt: draft.at }
    await store.appendToStream(draft.streamId, [{ type: draft.type, schemaVersion: 1, data: draft.data, metadata }], { expectedVersion: 'any' })
  }
}

describe('the dashboard under the projection runner, on a SQLite file', () => {
  it('resumes after a restart from its saved read model and matches a replay of the whole log', async () => {
    const path = join(dir, 'resume.db')
    const half = Math.floor(drafts.length / 2)
    const store = sqliteEventStore({ path })
    await append(store, 0, half)
    const first = projectionRunner({ store, projections: [dashboardProjection], checkpoints: sqliteCheckpointStore(path) })
    await first.start()
    await first.stop()
    await store.close()

    // A new process: the same file, more events, a runner that starts from the saved model.
    const reopened = sqliteEventStore({ path })
    await append(reopened, half, drafts.length)
    const seen: number[] = []
    const counting: typeof dashboardProjection = {
      ...dashboardProjection,
      apply: (state, event) => {
        seen.push(event.position)
        return dashboardProjection.apply(state, event)
      },
    }
    const second = projectionRunner({ store: reopened, projections: [counting], checkpoints: sqliteCheckpointStore(path) })
    await second.catchUp()
    expect(seen[0]).toBe(half)
    const log = await reopened.readAll()
    const filter = { jurisdiction: 'hohhot/saihan' }
    expect(dashboardView(second.state(counting), filter)).toEqual(dashboardView(replay(dashboardProjection, log), filter))
    await reopened.close()
  })

  it('rebuilds from zero to the dashboard it had live', async () => {
    const path = join(dir, 'rebuild.db')
    const store = sqliteEventStore({ path, pollMs: 10 })
    const runner = projectionRunner({ store, projections: [dashboardProjection], checkpoints: sqliteCheckpointStore(path), saveAfterMs: 10 })
    await runner.start()
    await append(store, 0, drafts.length)
    await runner.waitFor(drafts.length - 1)
    const live = dashboardView(runner.state(dashboardProjection))
    await runner.rebuild()
    expect(dashboardView(runner.state(dashboardProjection))).toEqual(live)
    await runner.stop()
    await store.close()
  })
})
