// An integrator's program: gridcase's core and its SQLite store embedded in a plain Node program
// (say, the back end of a 12345 hotline platform). No HTTP, no framework: decode what comes in,
// turn it into commands, `handle` them, and fold the log into the dashboard.
//
// Run by hand (after `npm run build`):  npx tsx examples/integrator/main.ts [path/to/file.sqlite]
// (default $TMPDIR/gridcase-examples/integrator.sqlite, never the server's ./data; run it twice and the
// dashboard counts two complaints).
import { newId, sealedSqliteStore, systemClock, type Clock } from '@gridcase/adapters'
import { decode, handle, streamIdOf } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import {
  complaint,
  registerComplaintData,
  seedCategories,
  type ComplaintCommand,
  type ComplaintState,
  type HandlingUnit,
} from '@gridcase/core/complaint'
import { dashboardProjection, dashboardView, replay, type DashboardView } from '@gridcase/core/projections'
import * as E from 'fp-ts/lib/Either.js'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

export interface IntegratorOptions {
  /** The SQLite file holding the event log (created if missing). */
  readonly dbPath: string
  /** Where command times come from; your system's clock by default. */
  readonly clock?: Clock
  readonly print?: (line: string) => void
}

export interface IntegratorResult {
  readonly caseId: string
  readonly state: ComplaintState
  /** The stream's version after the last command (0-based). */
  readonly version: number
  readonly dashboard: DashboardView
}

const STREET = 'hohhot/saihan/wulanchabu-east-road'
const GRID = `${STREET}/xinhua-community/grid-017`

// Who acts. In your system they come from your own login; gridcase only needs id, role and jurisdiction.
const operator: Actor = { id: 'op-0471', role: 'hotline-operator', jurisdiction: 'hohhot' }
const gridWorker: Actor = { id: 'gw-017', role: 'grid-worker', jurisdiction: GRID }
// A place's office is named by its jurisdiction path (docs/HTTP.md): the evaluation counts a unit by its id.
const gridUnit: HandlingUnit = { id: GRID, name: '17号网格', level: 'grid', jurisdiction: GRID }

// A call taken by the hotline, as your intake form sends it: untrusted until decoded.
const intake: unknown = {
  channel: 'hotline-12345',
  kind: 'complaint',
  category: 'heating',
  urgency: 'normal',
  title: '暖气不热',
  description: '新华小区3号楼2单元暖气一周不热，物业不处理。',
  jurisdiction: GRID,
  complainant: { name: '李四', phone: '13912345678' },
}

/** Registers, dispatches, resolves and evaluates one complaint, then prints its state and the street's dashboard. */
export const main = async (options: IntegratorOptions): Promise<IntegratorResult> => {
  const clock = options.clock ?? systemClock
  const print = options.print ?? console.log
  // Sealed: the complainant's name, phone and free text are encrypted per data subject in the log (keys in the same
  // file, erasable: docs/erasure.md); what the program reads back is opened.
  const store = sealedSqliteStore({ path: options.dbPath, clock })
  try {
    // The adapter chooses the case id; it travels on the command that opens the case.
    const caseId = newId()
    const registration = decode(registerComplaintData(seedCategories), { ...(intake as object), id: caseId })
    if (E.isLeft(registration)) throw new Error(`the intake form is not valid: ${registration.left.message}`)

    const streamId = streamIdOf(complaint, caseId)
    // Every command carries who and when; a fresh command id makes retries of the same call safe.
    const meta = (actor: Actor) => ({ commandId: newId(), actor, at: clock.now() })
    let last: { state: ComplaintState; version: number } | undefined
    const send = async (command: ComplaintCommand) => {
      const outcome = await handle(store, complaint.decider, streamId, command, { schema: complaint.schema })
      // A refusal is a value with a stable code (forbidden, invalid-transition, …), never an exception.
      if (E.isLeft(outcome)) throw new Error(`${command.type} refused (${outcome.left.code}): ${outcome.left.message}`)
      const { state, version } = outcome.right
      if (version === 'no-stream') throw new Error(`${command.type} wrote nothing`)
      print(`${command.type.padEnd(22)} → version ${version}, ${state.status}`)
      last = { state, version }
    }

    await send({ type: 'RegisterComplaint', data: registration.right, meta: meta(operator) })
    await send({ type: 'AcceptComplaint', data: {}, meta: meta(operator) })
    await send({ type: 'DispatchComplaint', data: { unit: gridUnit }, meta: meta(operator) })
    await send({ type: 'AcknowledgeComplaint', data: {}, meta: meta(gridWorker) })
    await send({ type: 'SubmitResult', data: { result: '已协调供热公司排气，暖气恢复。', outcome: 'resolved' }, meta: meta(gridWorker) })
    await send({ type: 'NotifyComplainant', data: { method: 'phone' }, meta: meta(operator) })
    await send({ type: 'EvaluateComplaint', data: { rating: 'satisfied' }, meta: meta(operator) })
    if (last === undefined) throw new Error('no command was handled')

    // Dashboards are pure folds of the log. Here the whole log is replayed; a long-running
    // service keeps them as read models in SQLite, live, with `projectionRunner` and `sqliteDashboard` instead.
    const dashboard = dashboardView(replay(dashboardProjection, await store.readAll()), { jurisdiction: STREET })
    const { counts, rates } = dashboard
    print(`\ncase ${caseId}: ${last.state.status} at version ${last.version}`)
    print(`dashboard ${STREET}:`)
    print(`  complaints ${counts.complaint.total} ${JSON.stringify(counts.complaint.byState)}`)
    print(`  响应率 response ${rates.responseRate} · 解决率 resolution ${rates.resolutionRate} · 满意率 satisfaction ${rates.satisfactionRate}`)
    return { caseId, state: last.state, version: last.version, dashboard }
  } finally {
    await store.close()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await main({ dbPath: process.argv[2] ?? join(tmpdir(), 'gridcase-examples', 'integrator.sqlite') })
}
