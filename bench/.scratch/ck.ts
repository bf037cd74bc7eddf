import { mkdtempSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateHeadKey, headSigner, sealedSqliteStore, sqliteTreeHeads, systemClock, treeLog, sqliteEventStore } from '@gridcase/adapters'
import { sampleEvent } from '../sampleEvent.js'
const dir = mkdtempSync(join(tmpdir(), 'ck-'))
const path = join(dir, 'g.sqlite')
const store = sealedSqliteStore({ path, checkpoints: 'thread' }) as any
const heads = process.env.TREE === '1' ? sqliteTreeHeads({ path }) : undefined
const tree = heads && treeLog({ store, heads, signer: headSigner(generateHeadKey().privateKeyPem), clock: systemClock, everyEvents: 1000, thread: { path } })
await tree?.start()
const inner = store.unsealed
for (let i = 0; i < 6000; i++) {
  await store.appendToStream(`complaint-${i % 500}`, [sampleEvent(i)], { expectedVersion: 'any' })
  if (i % 1000 === 999) console.log(i, inner.walCheckpoints?.(), statSync(path + '-wal').size / 4120 | 0, 'frames in wal file')
  await new Promise((r) => setTimeout(r, 1))
}
await tree?.stop(); await store.close()
