// CPU µs per command of the complaint workload through `execute` with stream memory, per round of `cases` cases on a
// fresh memory store (after 1,000 warm-up cases), min and median of `rounds`: run beside another build's copy,
// interleaved, to compare builds on a shared machine (docs/scale.md, "Stable case shapes").
//   tsx bench/anchors/inMemoryRounds.ts <cases> <rounds> [plain]
import { memoryEventStore } from '@gridcase/adapters'
import { execute, streamMemory } from '@gridcase/core'
import { complaint } from '@gridcase/core/complaint'
import * as E from 'fp-ts/lib/Either.js'
import { WORKLOAD, caseIdOf, metaOf } from '../complaintWorkload.js'
const cases = Number(process.argv[2] ?? 10000)
const rounds = Number(process.argv[3] ?? 5)
const useMemory = process.argv[4] !== 'plain'
const run = async (n: number, tag: string) => {
  const store = memoryEventStore()
  const memory = streamMemory({ maxStreams: n })
  for (let i = 0; i < n; i += 1) {
    const caseId = caseIdOf(tag, i)
    for (const step of WORKLOAD) {
      const o = await execute(store, complaint, caseId, step.route, step.data(caseId), metaOf(caseId, step), useMemory ? { memory } : {})
      if (E.isLeft(o)) throw new Error(o.left.message)
    }
  }
}
await run(1000, 'a')
const xs: number[] = []
for (let r = 0; r < rounds; r++) {
  const c = process.cpuUsage()
  await run(cases, String.fromCharCode(98 + r))
  const u = process.cpuUsage(c)
  xs.push((u.user + u.system) / (cases * WORKLOAD.length))
}
xs.sort((a, b) => a - b)
console.log(JSON.stringify({ min: xs[0], median: xs[Math.floor(xs.length / 2)], all: xs.map((x) => +x.toFixed(2)) }))
