// Commands/s through the pipeline (`execute`, memory store) beside the same commands on a bare decider loop
// (fold + decide in a Map, no store, no pipeline): what the pipeline costs on top of the domain's own work.
import { memoryEventStore } from '@gridcase/adapters'
import { execute, streamMemory } from '@gridcase/core'
import { complaint } from '@gridcase/core/complaint'
import * as E from 'fp-ts/lib/Either.js'
import { loadavg } from 'node:os'
import { WORKLOAD, caseIdOf, metaOf, typeOf } from './complaintWorkload.js'

/** Cases per run; each takes the 5-command workload (register, accept, dispatch, acknowledge, submit a result). */
const CASES = Number(process.env.BENCH_CASES ?? 10_000)
const WARMUP = Math.min(1_000, CASES)

/**
 * Each case through `execute` on a memory store; commands/s. As an integrator calls it by default (every command
 * reads and folds its stream), or with a stream memory as the HTTP server runs it (a command on a known case reads nothing).
 */
const viaExecute = async (cases: number, run: string, remember = false): Promise<Rate> => {
  const store = memoryEventStore()
  const options = remember ? { memory: streamMemory({ maxStreams: cases }) } : {}
  const started = process.hrtime.bigint()
  const cpu = process.cpuUsage()
  for (let i = 0; i < cases; i += 1) {
    const caseId = caseIdOf(run, i)
    for (const step of WORKLOAD) {
      const outcome = await execute(store, complaint, caseId, step.route, step.data(caseId), metaOf(caseId, step), options)
      if (E.isLeft(outcome)) throw new Error(`${step.route} refused: ${outcome.left.message}`)
    }
  }
  const rate = rateOf(cases * WORKLOAD.length, started, cpu)
  await store.close()
  return rate
}

/** The same commands on the decider alone: state in a Map, decide, fold the events in; commands/s. */
const bareLoop = (cases: number, run: string): Rate => {
  const { decider } = complaint
  const states = new Map<string, unknown>()
  const started = process.hrtime.bigint()
  const cpu = process.cpuUsage()
  for (let i = 0; i < cases; i += 1) {
    const caseId = caseIdOf(run, i)
    for (const step of WORKLOAD) {
      const state = (states.get(caseId) ?? decider.initialState) as typeof decider.initialState
      const command = { type: typeOf(step.route), data: step.data(caseId), meta: metaOf(caseId, step) } as unknown as Parameters<typeof decider.decide>[0]
      const decision = decider.decide(command, state)
      if (E.isLeft(decision)) throw new Error(`${step.route} refused: ${decision.left.message}`)
      states.set(caseId, decision.right.reduce(decider.evolve, state))
    }
  }
  return rateOf(cases * WORKLOAD.length, started, cpu)
}

const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9

/** Commands per second of wall time, and this process's CPU time per command (steadier on a shared machine). */
interface Rate {
  readonly perSecond: number
  readonly cpuUs: number
}
const rateOf = (commands: number, started: bigint, cpu: NodeJS.CpuUsage): Rate => {
  const used = process.cpuUsage(cpu)
  return { perSecond: commands / seconds(started), cpuUs: (used.user + used.system) / commands }
}

/** Prints commands/s via `execute` and on the bare decider loop, with the ratio (bare loop measured in the same run). */
export async function run(): Promise<void> {
  await viaExecute(WARMUP, '0')
  await viaExecute(WARMUP, '0', true)
  bareLoop(WARMUP, '0')
  const bare = bareLoop(CASES, '1')
  const piped = await viaExecute(CASES, '2')
  const remembered = await viaExecute(CASES, '3', true)
  const n = (x: number) => Math.round(x).toLocaleString('en-US')
  const line = (name: string, r: Rate) =>
    `  ${name.padEnd(44)} ${n(r.perSecond).padStart(7)} commands/s (${(r.perSecond / bare.perSecond).toFixed(3)} of the bare loop), ` +
    `${r.cpuUs.toFixed(1).padStart(6)} CPU µs/command (${(bare.cpuUs / r.cpuUs).toFixed(3)} of the bare loop's rate)`
  console.log(`complaint workload (5 commands/case), ${CASES.toLocaleString('en-US')} cases, memory store; load average ${loadavg()[0]?.toFixed(1)}`)
  console.log(line('bare decider loop (decide + fold in a Map)', bare))
  console.log(line('execute (reads and folds each command)', piped))
  console.log(line('execute + stream memory (as HTTP runs it)', remembered))
}
