// Run by v8-shapes.test.ts under node --allow-natives-syntax: the complaint workload through `execute` with stream
// memory, keeping each case's state after every command; prints, per command, how many cases (of the last 500) have
// the same V8 map (hidden class) as the case before them. A map shared by every case is what keeps the decider's
// property reads on the states monomorphic; a map per case sends each of them to the runtime.
import { memoryEventStore } from '@gridcase/adapters'
import { execute, streamMemory } from '@gridcase/core'
import { complaint } from '@gridcase/core/complaint'
import * as E from 'fp-ts/lib/Either.js'
import { WORKLOAD, caseIdOf, metaOf } from '../../bench/complaintWorkload.js'

// V8's own test of two objects' maps, reachable only with --allow-natives-syntax (and so only from compiled text).
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: unknown, b: unknown) => boolean

const CASES = Number(process.argv[2] ?? 1500)
const LAST = 500
const store = memoryEventStore()
const memory = streamMemory({ maxStreams: CASES })
const states: unknown[][] = WORKLOAD.map(() => [])
for (let i = 0; i < CASES; i += 1) {
  const caseId = caseIdOf('a', i)
  for (const [k, step] of WORKLOAD.entries()) {
    const outcome = await execute(store, complaint, caseId, step.route, step.data(caseId), metaOf(caseId, step), { memory })
    if (E.isLeft(outcome)) throw new Error(`${step.route} refused: ${outcome.left.message}`)
    states[k]?.push(outcome.right.state)
  }
}
const shared: Record<string, number> = {}
for (const [k, step] of WORKLOAD.entries()) {
  const xs = states[k] ?? []
  let same = 0
  for (let i = xs.length - LAST; i < xs.length; i += 1) if (haveSameMap(xs[i - 1], xs[i])) same += 1
  shared[step.route] = same
}
console.log(JSON.stringify({ of: LAST, shared }))
