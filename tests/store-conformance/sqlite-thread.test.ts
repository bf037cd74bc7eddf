import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sqliteEventStore } from '@gridcase/adapters'
import type { EventStore } from '@gridcase/core'
import { eventStoreConformance } from './suite.js'

// As sqlite.test.ts, with commits on the writer thread: the same contract, whichever thread commits.
eventStoreConformance('sqlite, writer thread', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-conformance-'))
  const path = join(dir, 'events.db')
  let current: EventStore = sqliteEventStore({ path, writer: 'thread' })
  return {
    store: current,
    reopen: async () => {
      await current.close()
      current = sqliteEventStore({ path, writer: 'thread' })
      return current
    },
    teardown: async () => {
      await current.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
})
