// Two builds of the server side by side, at the same time, under the same load: `npx tsx bench/httpSideBySide.ts
// <server.js of A> <server.js of B>` (e.g. a worktree of main's packages/http/dist/bin/server.js against this tree's).
// Each round starts both (SQLite, synchronous=FULL, commits on the main thread, as `npm start`), opens the bench's cases
// on each, warms both at 1,000 add-notes/s for WARM seconds, then paces both at once for SECS seconds and prints each
// one's CPU per request (every thread, from /proc: user and kernel). On a shared machine a run taken after another
// meets another load; two taken at once meet the same one. Not a *.bench.ts: `npm run bench` does not run it.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { openCases, startServer } from './http.bench.js'
import { openLoop } from './openLoop.js'
import { median } from './anchors/runs.js'

/** User and kernel CPU so far of every thread of `pid`, ms (USER_HZ 100). */
const cpu = (pid: number | undefined): { readonly user: number; readonly system: number } => {
  if (pid === undefined) return { user: Number.NaN, system: Number.NaN }
  return readdirSync(`/proc/${pid}/task`).reduce(
    (sum, tid) => {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      return { user: sum.user + Number(fields[11]) * 10, system: sum.system + Number(fields[12]) * 10 }
    },
    { user: 0, system: 0 },
  )
}

const [a, b] = process.argv.slice(2)
if (a === undefined || b === undefined) throw new Error('usage: npx tsx bench/httpSideBySide.ts <server.js A> <server.js B>')
const ROUNDS = Number(process.env.ROUNDS ?? 3)
const SECS = Number(process.env.SECS ?? 15)
const WARM = Number(process.env.WARM ?? 15)
const RATE = Number(process.env.BENCH_RATE ?? 1000)
const load = () => loadavg().map((n) => n.toFixed(2)).join(', ')
const results: [number[], number[]] = [[], []]

for (let round = 0; round < ROUNDS; round += 1) {
  const dirs = [mkdtempSync(join(tmpdir(), 'gridcase-side-')), mkdtempSync(join(tmpdir(), 'gridcase-side-'))] as const
  const servers = await Promise.all([startServer(dirs[0], 'full', 'main', false, a), startServer(dirs[1], 'full', 'main', false, b)])
  try {
    const notes = await Promise.all(servers.map((s) => openCases(s.url)))
    await Promise.all(servers.map((s, i) => openLoop({ url: s.url, rate: RATE, seconds: WARM, request: (k) => (notes[i] ?? notes[0])?.(k) ?? { method: 'GET', path: '/', headers: {} } })))
    const before = servers.map((s) => cpu(s.child.pid))
    const paced = await Promise.all(servers.map((s, i) => openLoop({ url: s.url, rate: RATE, seconds: SECS, request: (k) => (notes[i] ?? notes[0])?.(k + 1_000_000) ?? { method: 'GET', path: '/', headers: {} } })))
    const after = servers.map((s) => cpu(s.child.pid))
    const perRequest = (ms: number) => Math.round((1000 * ms) / (SECS * RATE))
    const line = [0, 1].map((i) => {
      const user = (after[i]?.user ?? 0) - (before[i]?.user ?? 0)
      const system = (after[i]?.system ?? 0) - (before[i]?.system ?? 0)
      results[i as 0 | 1].push(perRequest(user + system))
      const l = paced[i]?.latency
      return `${i === 0 ? 'A' : 'B'} ${perRequest(user + system)} µs/request (user ${perRequest(user)}, kernel ${perRequest(system)}; p99 ${l?.p99.toFixed(1)} ms, ${paced[i]?.non2xx} non-2xx)`
    })
    console.log(`round ${round + 1}: ${line.join('; ')} (load average ${load()})`)
  } finally {
    for (const s of servers) {
      s.child.kill('SIGTERM')
      await new Promise((resolve) => s.child.once('exit', resolve))
    }
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  }
}
console.log(`A ${a}: ${results[0].join(', ')} µs/request, median ${median(results[0])}`)
console.log(`B ${b}: ${results[1].join(', ')} µs/request, median ${median(results[1])}; B/A ${(median(results[1]) / median(results[0])).toFixed(3)}`)
