import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sqliteEventStore } from '@gridcase/adapters'
import type { EventStore } from '@gridcase/core'
import { eventStoreConformance } from './suite.js'

// A real file per test, in WAL mode with the default synchronous = FULL; `reopen` closes and opens the same file.
eventStoreConformance('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-conformance-'))
  const path = join(dir, 'events.db')
  let current: EventStore = sqliteEventStore({ path })
  return {
    store: current,
    reopen: async () => {
      await current.close()
      current = sqliteEventStore({ path })
      return current
    },
    teardown: async () => {
      await current.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
})
