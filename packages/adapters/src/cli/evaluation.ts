import { existsSync } from 'node:fs'
import { folderNotStore, notEventLog } from './dbPath.js'
import { openOut, type AtomicFile } from './atomicFile.js'
import { parseArgs } from 'node:util'
import { decode, IsoTimestamp, type EventStore } from '@gridcase/core'
import { isWithin, Jurisdiction } from '@gridcase/core/access'
import { dashboardProjection, dashboardView, DEFAULT_RANKING_WEIGHTS, DEFAULT_RATE_WEIGHTS, nameOf, PeriodCodec, rankedUnits, RankingWeightsCodec, registryUnder, RateWeightsCodec, unassignedOverdue, unitEvaluationCsv, withConfiguredUnits } from '@gridcase/core/projections'
import * as E from 'fp-ts/lib/Either.js'
import { systemClock } from '../clock.js'
import { DEMO_JURISDICTIONS_FILE, readJurisdictionRegistry } from '../jurisdictions/registryFile.js'
import { DEMO_COMMITTEES_FILE, readCommitteeRegistry } from '../committees/committeeFile.js'
import { sqliteEventStore } from '../sqlite/store.js'

export const EVALUATION_USAGE = `usage: gridcase evaluation --period <2026-11|2026-Q4|2026> [options]

The unit evaluation (考核) of a period: every handling unit's figures, composite score and rank, as the server's
GET /api/v1/evaluation gives them, computed from the event log (opened read-only).

options:
  --period <name>          a month 2026-11, a quarter 2026-Q4 or a year 2026 (China time)      (required)
  --jurisdiction <path>    only cases under this place (default: everything); one the registry does not name
                           and no case lies under is refused (exit 2)
  --format csv|json        csv (default: UTF-8 with BOM, so Excel reads the Chinese) or json
  --out <file>             write there instead of stdout
  --as-of <ISO time>       figures as of this time (default: now)
  --db <path>              SQLite event store (default ./data/gridcase.sqlite)
  -h, --help               this text

environment: GRIDCASE_JURISDICTIONS (registry file; default the demo district's), GRIDCASE_RANKING_WEIGHTS
(e.g. responseRate=10,resolutionRate=30,…; default the documented weights), GRIDCASE_RATE_WEIGHTS (the 三率's
weights, e.g. partlySolved=0.5,basicallySatisfied=1, each 0–1; default 0 and 1), GRIDCASE_COMMITTEES (the mediation
committees and centres, named and placed as configured; default the demo district's), as the server reads them.

exit codes: 0 ok, 2 usage or input error, 3 failure`

export interface EvaluationIo {
  readonly stdout: { write(s: string | Uint8Array): unknown }
  readonly stderr: { write(s: string): unknown }
  /** Opens the event store (the test seam; default: the SQLite file, read-only, which must exist). */
  readonly openStore?: (path: string) => EventStore
  /** Now (default: the system clock). */
  readonly now?: () => string
}

const PAGE = 1000

/** `gridcase evaluation`: the unit evaluation of a period as CSV or JSON. Exit 0 ok, 2 usage or input, 3 failure. */
export const runEvaluationCli = async (argv: readonly string[], env: Readonly<Record<string, string | undefined>>, io: EvaluationIo): Promise<number> => {
  const usage = (message: string): number => {
    io.stderr.write(`gridcase evaluation: ${message}\n\n${EVALUATION_USAGE}\n`)
    return 2
  }
  let values
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        period: { type: 'string' },
        jurisdiction: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        'as-of': { type: 'string' },
        db: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error))
  }
  if (values.help === true) {
    io.stdout.write(`${EVALUATION_USAGE}\n`)
    return 0
  }
  if (values.period === undefined) return usage('--period is required')
  const period = PeriodCodec.decode(values.period)
  if (E.isLeft(period)) return usage(`--period: "${values.period}" is not a month (2026-11), a quarter (2026-Q4) or a year (2026)`)
  const format = values.format ?? 'csv'
  if (format !== 'csv' && format !== 'json') return usage(`--format: expected csv or json, not "${format}"`)
  if (values.jurisdiction !== undefined && E.isLeft(decode(Jurisdiction, values.jurisdiction))) return usage(`--jurisdiction: "${values.jurisdiction}" is not a jurisdiction path`)
  if (values['as-of'] !== undefined && E.isLeft(decode(IsoTimestamp, values['as-of']))) return usage(`--as-of: "${values['as-of']}" is not an ISO time`)
  const weights = env['GRIDCASE_RANKING_WEIGHTS'] === undefined || env['GRIDCASE_RANKING_WEIGHTS'] === '' ? E.right(DEFAULT_RANKING_WEIGHTS) : RankingWeightsCodec.decode(env['GRIDCASE_RANKING_WEIGHTS'])
  if (E.isLeft(weights)) return usage(`GRIDCASE_RANKING_WEIGHTS: "${env['GRIDCASE_RANKING_WEIGHTS'] ?? ''}" is not component=weight pairs (see docs/kpis.md)`)
  const rateWeights = env['GRIDCASE_RATE_WEIGHTS'] === undefined || env['GRIDCASE_RATE_WEIGHTS'] === '' ? E.right(DEFAULT_RATE_WEIGHTS) : RateWeightsCodec.decode(env['GRIDCASE_RATE_WEIGHTS'])
  if (E.isLeft(rateWeights)) {
    const why = rateWeights.left.map((e) => e.message).filter((m) => m !== undefined).join('; ')
    return usage(`GRIDCASE_RATE_WEIGHTS: ${why === '' ? `"${env['GRIDCASE_RATE_WEIGHTS'] ?? ''}" is not key=weight pairs` : why} (see docs/kpis.md)`)
  }
  const registryFile = env['GRIDCASE_JURISDICTIONS'] === undefined || env['GRIDCASE_JURISDICTIONS'] === '' ? DEMO_JURISDICTIONS_FILE : env['GRIDCASE_JURISDICTIONS']
  const registry = readJurisdictionRegistry(registryFile)
  if (E.isLeft(registry)) {
    const left = registry.left
    return usage(`GRIDCASE_JURISDICTIONS: ${left.code === 'validation' ? left.errors.map((e) => `${e.path} ${e.message}`).join('; ') : left.message}`)
  }
  const committeesFile = env['GRIDCASE_COMMITTEES'] === undefined || env['GRIDCASE_COMMITTEES'] === '' ? DEMO_COMMITTEES_FILE : env['GRIDCASE_COMMITTEES']
  const committees = readCommitteeRegistry(committeesFile)
  if (E.isLeft(committees)) {
    const left = committees.left
    return usage(`GRIDCASE_COMMITTEES: ${left.code === 'validation' ? left.errors.map((e) => `${e.path} ${e.message}`).join('; ') : left.message}`)
  }
  const db = values.db ?? './data/gridcase.sqlite'
  // Never a new, empty log that would then give an empty evaluation.
  if (io.openStore === undefined && !existsSync(db)) return usage(`no event store at ${db} (give its path with --db)`)
  // A folder, or a SQLite file with no log (the servers' read-model file): said as every command says it (before: "no
  // such table: events", exit 3).
  const notLog = io.openStore === undefined ? (folderNotStore(db) ?? notEventLog(db)) : undefined
  if (notLog !== undefined) return usage(notLog)
  // --out opened before the log is read, as audit export's: a path it cannot be is said at once (exit 2), and the file is
  // written whole or not at all (before: the raw ENOENT or EISDIR once the evaluation was done, exit 3).
  let file: AtomicFile | undefined
  if (values.out !== undefined) {
    const opened = await openOut(values.out)
    if ('problem' in opened) return usage(opened.problem)
    file = opened.file
  }
  let store: EventStore | undefined
  try {
    store = io.openStore === undefined ? sqliteEventStore({ path: db, readonly: true }) : io.openStore(db)
    let state = dashboardProjection.init()
    for (let from = 0; ; ) {
      const page = await store.readAll({ fromPosition: from, limit: PAGE })
      for (const event of page) state = dashboardProjection.apply(state, event)
      const last = page.at(-1)
      if (last === undefined || page.length < PAGE) break
      from = last.position + 1
    }
    // A place neither the registry names (nor any place under it) nor any case of the log lies under is a typo, not a
    // place that did nothing: an empty table would read as the latter.
    const place = values.jurisdiction
    if (place !== undefined && registryUnder(registry.right, place).length === 0 && ![...state.cases.values()].some((row) => isWithin(place, row.jurisdiction))) {
      return usage(`--jurisdiction: no place "${place}" in the jurisdiction registry (${registryFile}) and no case of the log under it`)
    }
    const asOf = values['as-of'] ?? (io.now ?? systemClock.now)()
    const view = dashboardView(state, { ...(values.jurisdiction === undefined ? {} : { jurisdiction: values.jurisdiction }), from: period.right.from, to: period.right.to, asOf, depth: 0 }, { weights: rateWeights.right })
    // The committees' and centres' units named and placed as configured, as the server's evaluation has them.
    const units = rankedUnits({ ...view, units: withConfiguredUnits(view.units, committees.right) }, registry.right, weights.right)
    const body =
      format === 'csv'
        ? unitEvaluationCsv(units, view.asOf ?? asOf)
        : `${JSON.stringify(
            {
              jurisdiction: values.jurisdiction ?? null,
              name: values.jurisdiction === undefined ? null : nameOf(registry.right, values.jurisdiction),
              period: period.right.name,
              kind: period.right.kind,
              from: period.right.from,
              to: period.right.to,
              asOf,
              weights: weights.right,
              rateWeights: rateWeights.right,
              units,
              unassigned: { overdue: unassignedOverdue(view) },
              exclusions: view.exclusions,
            },
            null,
            2,
          )}\n`
    if (file === undefined) io.stdout.write(body)
    else {
      file.stream.write(body)
      await file.commit()
      file = undefined
    }
    return 0
  } catch (error) {
    io.stderr.write(`gridcase evaluation: ${error instanceof Error ? error.message : String(error)}\n`)
    return 3
  } finally {
    // Not written (refused, failed): the temporary goes, a file there before is left as it was.
    await file?.abort()
    await store?.close()
  }
}
