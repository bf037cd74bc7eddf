// A process that keeps the log's Merkle tree on a worker thread: appends, waits for the tree, then either stops
// everything and returns (the process must end on its own: no thread or handle left) or dies by SIGKILL mid-way.
//   node --import tsx tests/crash/treeThreadRun.ts <file> <appends> stop|kill
import { generateHeadKey, headSigner, sealedSqliteStore, sqliteTreeHeads, systemClock, treeLog } from '@gridcase/adapters'

const [path = '', countText = '50', mode = 'stop'] = process.argv.slice(2)
const actor = { id: 'op', role: 'hotline-operator', jurisdiction: 'hohhot' } as const
const store = sealedSqliteStore({ path })
const heads = sqliteTreeHeads({ path })
const tree = treeLog({ store, heads, signer: headSigner(generateHeadKey().privateKeyPem), clock: systemClock, everyEvents: 700, thread: { path } })
await tree.start()
let last = -1
for (let i = 0; i < Number(countText); i += 1) {
  const events = Array.from({ length: 1 + (i % 17) }, (_, k) => ({ type: 'Noted', schemaVersion: 1, data: { i, k }, metadata: { commandId: `c${i}`, correlationId: `c${i}`, causationId: `c${i}`, actor, occurredAt: '2026-03-02T01:00:00Z' } }))
  const r = await store.appendToStream(`s-${i % 5}`, events, { expectedVersion: 'any' })
  if (r._tag === 'Right') last = r.right.lastPosition
  // Killed while appends go on and the thread is behind them.
  if (mode === 'kill' && i === Math.floor(Number(countText) / 2)) process.kill(process.pid, 'SIGKILL')
}
await tree.waitFor(last)
process.stdout.write(`${JSON.stringify({ size: tree.size(), head: tree.signNow() ?? heads.latestHead() })}\n`)
await tree.stop()
heads.close()
await store.close()
