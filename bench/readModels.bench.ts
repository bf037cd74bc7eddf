// SQLite and PostgreSQL side by side at 10k and 200k cases (GRIDCASE_BENCH_CASES=10000,200000 by default; about 8.3
// events a case, so 200k cases are 1.66M events), every figure beside its baseline from the same run: PostgreSQL's
// beside SQLite's (ratio PG ÷ SQLite), and each store's largest size beside its smallest (ratio large ÷ small):
// - batched appends: the sample log written 1000 single-event appends at a time (the stores' group commit);
// - one-by-one commands: 200 complaints registered through `execute`, each awaited before the next;
// - replay: the projection runner rebuilding the case list and the dashboard totals from position 0;
// - GET /api/v1/complaints?limit=20 and GET /api/v1/dashboard through the real server (p50, p99 of 300);
// - the server bin started on the data (read models resumed): time to listening and RSS.
// Run: `npx tsc -b && npx tsx bench/index.ts readModels` (GRIDCASE_BENCH_CASES=2000 for a quick look;
// GRIDCASE_BENCH_STORES=sqlite for SQLite alone). PostgreSQL: DATABASE_URL's server, or a throwaway one started here.
import { readFileSync } from 'node:fs'
import { postgresMissing, startPostgres, type PostgresServer } from '../tests/postgres/server.js'
import { measureScale, type ScaleFigures, type StoreKind } from './scale.js'

const SIZES = (process.env.GRIDCASE_BENCH_CASES ?? '10000,200000').split(',').map(Number)
const STORES = (process.env.GRIDCASE_BENCH_STORES ?? 'sqlite,postgres').split(',') as StoreKind[]
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')

const n = (x: number) => Math.round(x).toLocaleString('en-US')
const ms = (x: number) => `${x.toFixed(1)} ms`
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`

const FIGURES: readonly { readonly name: string; readonly of: (f: ScaleFigures) => number; readonly show: (x: number) => string }[] = [
  { name: 'batched appends, events/s', of: (f) => f.appendRate, show: n },
  { name: 'one-by-one commands, commands/s', of: (f) => f.commandRate, show: n },
  { name: 'replay into the read models, events/s', of: (f) => f.replayRate, show: n },
  { name: 'list p50', of: (f) => f.list.p50, show: ms },
  { name: 'list p99', of: (f) => f.list.p99, show: ms },
  { name: 'dashboard p50', of: (f) => f.dashboard.p50, show: ms },
  { name: 'dashboard p99', of: (f) => f.dashboard.p99, show: ms },
  { name: 'trends (42 period dashboards) p50', of: (f) => f.trends.p50, show: ms },
  { name: 'trends p99', of: (f) => f.trends.p99, show: ms },
  { name: 'ranking of a month p50', of: (f) => f.ranking.p50, show: ms },
  { name: 'ranking p99', of: (f) => f.ranking.p99, show: ms },
  { name: 'trend in process, kept sums, p99', of: (f) => f.periods?.kept.p99 ?? Number.NaN, show: ms },
  { name: '  baseline: summed from the facts, p99', of: (f) => f.periods?.facts.p99 ?? Number.NaN, show: ms },
  { name: 'server bin: seconds to listening', of: (f) => f.startup, show: (x) => `${x.toFixed(2)} s` },
  { name: '  baseline: importing its modules alone', of: (f) => f.importOnly, show: (x) => `${x.toFixed(2)} s` },
  { name: 'server bin: RSS after start, MB', of: (f) => f.rss, show: (x) => x.toFixed(0) },
]

const table = (head: readonly string[], rows: readonly (readonly string[])[]): void => {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (c: readonly string[]) => c.map((x, i) => (i === 0 ? x.padEnd(widths[i] ?? 0) : x.padStart(widths[i] ?? 0))).join('  ')
  console.log(line(head))
  console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  for (const r of rows) console.log(line(r))
}

export async function run(): Promise<void> {
  let server: PostgresServer | undefined
  const wantsPg = STORES.includes('postgres')
  const url = !wantsPg ? undefined : process.env.DATABASE_URL ?? (postgresMissing() === undefined ? (server = await startPostgres()).url : undefined)
  if (wantsPg && url === undefined) console.log(`(no PostgreSQL: ${postgresMissing() ?? 'none'}; set DATABASE_URL to measure one)`)
  const stores = STORES.filter((s) => s !== 'postgres' || url !== undefined)
  const results: ScaleFigures[] = []
  try {
    for (const cases of SIZES) {
      for (const store of stores) results.push(await measureScale(store, cases, { ...(url === undefined ? {} : { url }), log: (l) => console.log(`  ${l}   [load ${load()}]`) }))
      const at = results.filter((r) => r.cases === cases)
      const sqlite = at.find((r) => r.store === 'sqlite')
      const postgres = at.find((r) => r.store === 'postgres')
      console.log(`\n-- ${n(cases)} cases, ${n(at[0]?.events ?? 0)} events --`)
      table(
        ['figure', 'SQLite', 'PostgreSQL 15', 'PG ÷ SQLite'],
        FIGURES.map((f) => [f.name, sqlite === undefined ? '-' : f.show(f.of(sqlite)), postgres === undefined ? '-' : f.show(f.of(postgres)), sqlite === undefined || postgres === undefined ? '-' : ratio(f.of(postgres), f.of(sqlite))]),
      )
    }
    const [small, large] = [SIZES[0], SIZES.at(-1)]
    if (small !== undefined && large !== undefined && small !== large) {
      console.log(`\n-- ${n(large)} cases beside ${n(small)} (targets: RSS within 20%, startup < 2 s, list and dashboard p99 within 2×) --`)
      table(
        ['figure', ...stores.flatMap((s) => [`${s} ${n(small)}`, `${s} ${n(large)}`, `${s} ratio`])],
        FIGURES.map((f) => [
          f.name,
          ...stores.flatMap((s) => {
            const a = results.find((r) => r.store === s && r.cases === small)
            const b = results.find((r) => r.store === s && r.cases === large)
            return a === undefined || b === undefined ? ['-', '-', '-'] : [f.show(f.of(a)), f.show(f.of(b)), ratio(f.of(b), f.of(a))]
          }),
        ]),
      )
    }
  } finally {
    server?.destroy()
  }
}
