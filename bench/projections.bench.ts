// Replays a generated log of complaints and disputes into every dashboard figure and compares the
// throughput with JSON.parse alone over the same NDJSON lines, in the same run.
// Run: `npx tsc -b && npx tsx bench/index.ts projections` (GRIDCASE_BENCH_EVENTS=200000 for a quick look).
import { createHash } from 'node:crypto'
import type { RecordedEvent } from '@gridcase/core'
import { dashboardProjection, dashboardView } from '@gridcase/core/projections'
import { sampleDrafts } from '../tests/support/sampleLog.js'

const EVENTS = Number(process.env.GRIDCASE_BENCH_EVENTS ?? 1_000_000)

/**
 * The log as NDJSON lines, as a store or an export holds it. Envelopes are complete and hash-shaped,
 * but the hashes are a cheap chain over ids (the dashboard never reads them, and sealing a million
 * events with canonical JSON would take longer than the benchmark itself).
 */
const generate = (count: number): string[] => {
  const lines: string[] = []
  const heads = new Map<string, { version: number; hash: string }>()
  for (const draft of sampleDrafts({ cases: Math.ceil(count / 7), seed: 2026 })) {
    if (lines.length >= count) break
    const head = heads.get(draft.streamId)
    const version = head === undefined ? 0 : head.version + 1
    const prevHash = head?.hash ?? createHash('sha256').update(draft.streamId).digest('hex')
    const eventId = `${draft.streamId.slice(-12)}-${version}`
    const hash = createHash('sha256').update(prevHash + eventId).digest('hex')
    heads.set(draft.streamId, { version, hash })
    const commandId = `cmd-${eventId}`
    const event: RecordedEvent = {
      eventId,
      streamId: draft.streamId,
      version,
      position: lines.length,
      type: draft.type,
      schemaVersion: 1,
      data: draft.data,
      metadata: { commandId, correlationId: commandId, causationId: commandId, actor: draft.actor, occurredAt: draft.at, recordedAt: draft.at, prevHash, hash },
    }
    lines.push(JSON.stringify(event))
  }
  return lines
}

const seconds = (from: bigint): number => Number(process.hrtime.bigint() - from) / 1e9

/** JSON.parse of every line, nothing else: the yardstick. */
const parseOnly = (lines: readonly string[]): number => {
  let check = 0
  for (const line of lines) check += (JSON.parse(line) as RecordedEvent).position
  return check
}

/** JSON.parse and apply into the dashboard read model (every figure family reads it). */
const parseAndApply = (lines: readonly string[]) => {
  let state = dashboardProjection.init()
  for (const line of lines) state = dashboardProjection.apply(state, JSON.parse(line) as RecordedEvent)
  return state
}

const rate = (n: number, s: number) => `${Math.round(n / s).toLocaleString('en')} events/s`

export async function run(): Promise<void> {
  let started = process.hrtime.bigint()
  const lines = generate(EVENTS)
  const mb = lines.reduce((sum, l) => sum + Buffer.byteLength(l), 0) / 1e6
  console.log(`generated ${lines.length.toLocaleString('en')} events (${mb.toFixed(0)} MB of NDJSON) in ${seconds(started).toFixed(1)}s`)

  // Warm both paths up on a slice so the JIT has compiled them before the clock starts.
  parseOnly(lines.slice(0, 50_000))
  parseAndApply(lines.slice(0, 50_000))

  const parseTimes: number[] = []
  const applyTimes: number[] = []
  let state = dashboardProjection.init()
  for (let round = 0; round < 2; round += 1) {
    started = process.hrtime.bigint()
    parseOnly(lines)
    parseTimes.push(seconds(started))
    started = process.hrtime.bigint()
    state = parseAndApply(lines)
    applyTimes.push(seconds(started))
  }
  // Best of two for each: the machine is shared, the minimum is the least disturbed run.
  const parse = Math.min(...parseTimes)
  const apply = Math.min(...applyTimes)
  started = process.hrtime.bigint()
  const view = dashboardView(state, { asOf: state.lastAt ?? '2026-01-01T00:00:00Z' })
  const viewSeconds = seconds(started)

  console.log(`JSON.parse only:              ${rate(lines.length, parse)}  (${parse.toFixed(2)}s; runs ${parseTimes.map((s) => s.toFixed(2)).join(', ')})`)
  console.log(`JSON.parse + dashboard apply: ${rate(lines.length, apply)}  (${apply.toFixed(2)}s; runs ${applyTimes.map((s) => s.toFixed(2)).join(', ')})`)
  console.log(`ratio: ${((parse / apply) * 100).toFixed(1)}% of JSON.parse throughput (target ≥ 50%)`)
  console.log(`read model: ${state.cases.size.toLocaleString('en')} cases, ${state.units.size} units; dashboardView over all of it: ${(viewSeconds * 1000).toFixed(0)} ms`)
  console.log(`  complaints ${view.counts.complaint.total}, disputes ${view.counts.dispute.total}, response rate ${view.rates.responseRate?.toFixed(3)}, overdue ${view.overdue.acknowledge}/${view.overdue.result}/${view.overdue.mediation}`)
}
