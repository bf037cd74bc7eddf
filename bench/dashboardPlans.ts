// The PostgreSQL dashboard read's plans at two sizes (issue 17's dashboard p99 growing with the cases): writes the sample
// log of each size into its own schema, rebuilds the read models, then reads the dashboard as the HTTP route does
// (the demo district, asOf now) with auto_explain logging every statement's plan, ANALYZE and BUFFERS, to this client.
// Run: `npx tsx bench/dashboardPlans.ts 5000 40000` (starts a throwaway PostgreSQL unless DATABASE_URL is set).
import { postgresCaseList, postgresDashboard, postgresEventStore, projectionRunner } from '@gridcase/adapters'
import { complaints, DEMO_DISTRICT, disputes } from '@gridcase/http'
import pg from 'pg'
import { writeSampleLog } from './scale.js'
import { startPostgres } from '../tests/postgres/server.js'

const sizes = process.argv.slice(2).map(Number)
const server = process.env.DATABASE_URL === undefined ? await startPostgres() : undefined
const url = process.env.DATABASE_URL ?? server?.url ?? ''
try {
  for (const cases of sizes) {
    const schema = `plans_${cases}`
    const log = postgresEventStore({ connectionString: url, schema })
    const written = await writeSampleLog(log, cases)
    const home = { pool: (log as ReturnType<typeof postgresEventStore>).pool, schema }
    await projectionRunner({ store: log, readModels: [postgresCaseList(home, [complaints(), disputes()]), postgresDashboard(home)] }).catchUp()
    await log.close()
    const pool = new pg.Pool({
      connectionString: url,
      max: 1,
      options: '-c session_preload_libraries=auto_explain -c auto_explain.log_min_duration=0 -c auto_explain.log_analyze=on -c auto_explain.log_buffers=on -c auto_explain.log_nested_statements=on -c client_min_messages=log',
    })
    const plans: string[] = []
    pool.on('connect', (client) => client.on('notice', (n) => plans.push(n.message ?? '')))
    const dashboard = postgresDashboard({ pool, schema })
    const query = { jurisdiction: DEMO_DISTRICT, asOf: new Date().toISOString() }
    await dashboard.view(query)
    plans.length = 0
    const started = process.hrtime.bigint()
    await dashboard.view(query)
    const ms = Number(process.hrtime.bigint() - started) / 1e6
    console.log(`==== ${cases} cases, ${written.events} events: one dashboard read ${ms.toFixed(1)} ms`)
    for (const p of plans) console.log(p, '\n')
    const stat = async (sql: string) => console.log(sql, JSON.stringify((await pool.query(sql)).rows))
    if (process.env.PLAN_STATS !== undefined) {
      await stat(`SELECT split_part(key, chr(31), 1) AS k, count(*) FROM ${schema}.dashboard_totals WHERE place = '${DEMO_DISTRICT}' GROUP BY 1 ORDER BY 2 DESC`)
      await stat(`SELECT depth, split_part(key, chr(31), 1) AS k, count(*) FROM ${schema}.dashboard_tree GROUP BY 1, 2 ORDER BY 3 DESC`)
      await stat(`SELECT relname, n_live_tup, n_dead_tup FROM pg_stat_user_tables WHERE schemaname = '${schema}' ORDER BY relname`)
    }
    await pool.end()
  }
} finally {
  server?.destroy()
}
