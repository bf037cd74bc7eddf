// Run by v8-shapes.test.ts under node's V8 tracing flags: the complaint workload on one memory store, then on a
// second, with a marker line between, so the test can read what V8 threw away when the second store came.
import { memoryEventStore } from '@gridcase/adapters'
import { execute } from '@gridcase/core'
import { complaint } from '@gridcase/core/complaint'
import * as E from 'fp-ts/lib/Either.js'
import { WORKLOAD, caseIdOf, metaOf } from '../../bench/complaintWorkload.js'

const CASES = Number(process.argv[2] ?? 1500)

const run = async (tag: string): Promise<void> => {
  const store = memoryEventStore()
  for (let i = 0; i < CASES; i += 1) {
    const caseId = caseIdOf(tag, i)
    for (const step of WORKLOAD) {
      const outcome = await execute(store, complaint, caseId, step.route, step.data(caseId), metaOf(caseId, step))
      if (E.isLeft(outcome)) throw new Error(`${step.route} refused: ${outcome.left.message}`)
    }
  }
}

await run('a')
// A pause, not a measure: V8 installs code compiled in the background when the main thread is free.
await new Promise((resolve) => setTimeout(resolve, 100))
console.log('=== second store')
await run('b')
console.log('=== done')
