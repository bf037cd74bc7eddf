// A SQLite log of many real complaint events (registrations and notes) for the load tests of the live feed and verify.
import { newId, sealedSqliteStore } from '@gridcase/adapters'
import { execute, streamMemory } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { complaint } from '@gridcase/core/complaint'
import * as E from 'fp-ts/lib/Either.js'

export const BIG_LOG_GRID = 'hohhot/saihan/wulanchabu-east-road/xinhua-community/grid-017'
const operator: Actor = { id: 'load-operator', role: 'hotline-operator', jurisdiction: 'hohhot' }
const supervisor: Actor = { id: 'load-supervisor', role: 'supervisor', jurisdiction: 'hohhot' }

/** Writes `cases` complaints with `notesPerCase` notes each (1 + notesPerCase events a case) into `path`; returns the case ids. */
export const writeBigLog = async (path: string, cases: number, notesPerCase: number): Promise<string[]> => {
  // Sealed, as the server writes by default (PERSONAL_DATA_ENCRYPTION=on): every registration opens on its way out.
  const store = sealedSqliteStore({ path, synchronous: 'normal', writer: 'main' })
  const memory = streamMemory()
  const ids: string[] = []
  const at = '2026-11-30T08:00:00.000Z'
  try {
    for (let c = 0; c < cases; c += 1) {
      const id = newId()
      ids.push(id)
      const run = async (command: string, data: unknown) => {
        const actor = command === 'create' ? operator : supervisor
        const outcome = await execute(store, complaint, id, command, data, { commandId: newId(), actor, at }, { memory })
        if (E.isLeft(outcome)) throw new Error(`${command}: ${outcome.left.message}`)
      }
      await run('create', {
        channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: `暖气不热 ${c}`,
        description: '室温 15 度，已持续一周', jurisdiction: BIG_LOG_GRID, complainant: { name: '王女士', phone: '13800471234' },
      })
      for (let n = 0; n < notesPerCase; n += 1) await run('add-note', { note: `第 ${n} 次回访：仍不热，已联系供热公司` })
    }
  } finally {
    await store.close()
  }
  return ids
}

/**
 * The environment of a server started on a big log for live-load work (the load test and bench/healthz.bench.ts):
 * synchronous=NORMAL, 210 live clients in all, 2 per actor, a client `slowMs` behind dropped, a heartbeat a second.
 */
export const bigLogServerEnv = (dir: string, secret: string, slowMs: number): Record<string, string> => ({
  DATA_DIR: dir,
  GRIDCASE_JWT_SECRET: secret,
  SQLITE_SYNCHRONOUS: 'normal',
  LIVE_MAX_CLIENTS: '210',
  LIVE_MAX_PER_ACTOR: '2',
  LIVE_SLOW_CLIENT_MS: String(slowMs),
  LIVE_HEARTBEAT_MS: '1000',
})
