// One side of the in-memory anchor bench, in its own process (so peak RSS is that side's alone):
//   tsx bench/anchors/inMemoryWorker.ts <side> <cases>
// Prints one JSON line: { commands, perSecond, cpuUs, mainCpuUs, maxRssMb }. `cpuUs` is the process's CPU (every
// thread: V8's GC helpers too); `mainCpuUs` the main thread's alone, from Linux's /proc/thread-self/schedstat (NaN
// elsewhere). Neither counts time spent waiting for a core, so they move less with the machine's load than the rate.
import { readFileSync } from 'node:fs'
import { memoryEventStore } from '@gridcase/adapters'
import { execute, streamMemory } from '@gridcase/core'
import { complaint } from '@gridcase/core/complaint'
import * as E from 'fp-ts/lib/Either.js'
import { WORKLOAD, caseIdOf, metaOf, typeOf } from '../complaintWorkload.js'
import { emmettWithCounter } from './emmettCounter.js'

export type Side = 'gridcase' | 'gridcase-memory' | 'emmett' | 'bare'

const [side, casesArg] = process.argv.slice(2) as [Side, string]
const cases = Number(casesArg)
const { decider } = complaint
type State = typeof decider.initialState
type Cmd = Parameters<typeof decider.decide>[0]
const commandOf = (caseId: string, step: (typeof WORKLOAD)[number]): Cmd =>
  ({ type: typeOf(step.route), data: step.data(caseId), meta: metaOf(caseId, step) }) as unknown as Cmd

/** Runs `cases` cases (run tag `run`) through `side`. */
const sides: Record<Side, (cases: number, run: string) => Promise<void>> = {
  gridcase: async (n, run) => {
    const store = memoryEventStore()
    for (let i = 0; i < n; i += 1) {
      const caseId = caseIdOf(run, i)
      for (const step of WORKLOAD) {
        const outcome = await execute(store, complaint, caseId, step.route, step.data(caseId), metaOf(caseId, step))
        if (E.isLeft(outcome)) throw new Error(`${step.route} refused: ${outcome.left.message}`)
      }
    }
  },
  'gridcase-memory': async (n, run) => {
    const store = memoryEventStore()
    const memory = streamMemory({ maxStreams: n })
    for (let i = 0; i < n; i += 1) {
      const caseId = caseIdOf(run, i)
      for (const step of WORKLOAD) {
        const outcome = await execute(store, complaint, caseId, step.route, step.data(caseId), metaOf(caseId, step), { memory })
        if (E.isLeft(outcome)) throw new Error(`${step.route} refused: ${outcome.left.message}`)
      }
    }
  },
  emmett: async (n, run) => {
    const { CommandHandler, getInMemoryEventStore } = await emmettWithCounter()
    const store = getInMemoryEventStore()
    const handle = CommandHandler<State, { type: string; data: Record<string, unknown> }>({
      evolve: (state, event) => decider.evolve(state, event as never),
      initialState: () => decider.initialState,
    })
    for (let i = 0; i < n; i += 1) {
      const caseId = caseIdOf(run, i)
      for (const step of WORKLOAD) {
        await handle(store, `complaint-${caseId}`, (state) => {
          const decision = decider.decide(commandOf(caseId, step), state)
          if (E.isLeft(decision)) throw new Error(`${step.route} refused: ${decision.left.message}`)
          return decision.right as unknown as { type: string; data: Record<string, unknown> }[]
        })
      }
    }
  },
  bare: async (n, run) => {
    const states = new Map<string, State>()
    for (let i = 0; i < n; i += 1) {
      const caseId = caseIdOf(run, i)
      for (const step of WORKLOAD) {
        const state = states.get(caseId) ?? decider.initialState
        const decision = decider.decide(commandOf(caseId, step), state)
        if (E.isLeft(decision)) throw new Error(`${step.route} refused: ${decision.left.message}`)
        states.set(caseId, decision.right.reduce(decider.evolve, state))
      }
    }
  },
}

const work = sides[side]
if (work === undefined || !Number.isInteger(cases) || cases <= 0) throw new Error('usage: inMemoryWorker.ts <gridcase|gridcase-memory|emmett|bare> <cases>')
/** The main thread's CPU time so far in µs (Linux), NaN where /proc does not say. */
const mainThreadCpuUs = (): number => {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1000
  } catch {
    return Number.NaN
  }
}
await work(Math.min(1_000, cases), 'a')
const started = process.hrtime.bigint()
const cpu = process.cpuUsage()
const mainCpu = mainThreadCpuUs()
await work(cases, 'b')
const used = process.cpuUsage(cpu)
const mainUsed = mainThreadCpuUs() - mainCpu
const secs = Number(process.hrtime.bigint() - started) / 1e9
const commands = cases * WORKLOAD.length
console.log(JSON.stringify({ commands, perSecond: commands / secs, cpuUs: (used.user + used.system) / commands, mainCpuUs: mainUsed / commands, maxRssMb: process.resourceUsage().maxRSS / 1024 }))
