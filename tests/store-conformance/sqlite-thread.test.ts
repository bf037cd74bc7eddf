import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sqliteEventStore as fromSources } from '@gridcase/adapters'
import type { EventStore } from '@gridcase/core'
import { builtAfterSources } from '../helpers/gridcaseBin.js'
import { eventStoreConformance } from './suite.js'

// When `tsc -b` has built core and adapters since their last source change (`npm test` builds first), the compiled
// store, whose writer thread loads the compiled writerThread.js; else the sources, whose every thread registers tsx
// before it can load writerThread.ts (threadWriter.ts). 54 stores are opened here, one writer thread each.
const sqliteEventStore: typeof fromSources = builtAfterSources()
  ? ((await import(new URL('../../packages/adapters/dist/index.js', import.meta.url).href)) as { sqliteEventStore: typeof fromSources }).sqliteEventStore
  : fromSources

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
