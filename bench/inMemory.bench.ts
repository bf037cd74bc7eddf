// In-memory commands beside emmett 0.42.0's CommandHandler (installed as a devDependency, pinned) and a bare Map:
// the 5-command complaint workload, the hash chain on, each side in its own process (peak RSS is its own),
// interleaved round by round (every size in each round), medians. emmett's in-memory store recounts every stream for each append's global
// position; it runs here with that one line replaced by a counter (bench/anchors/emmettCounter.ts).
//   npx tsx bench/index.ts inMemory      (BENCH_ANCHOR_CASES=10000,100000  BENCH_ANCHOR_ROUNDS=3)
import { fileURLToPath } from 'node:url'
import { compared, inProcess, load, medians, type Figures } from './anchors/runs.js'

const CASES = (process.env['BENCH_ANCHOR_CASES'] ?? '10000,100000').split(',').map(Number)
const ROUNDS = Number(process.env['BENCH_ANCHOR_ROUNDS'] ?? 3)
const WORKER = fileURLToPath(new URL('./anchors/inMemoryWorker.ts', import.meta.url))
const SIDES = ['bare', 'emmett', 'gridcase', 'gridcase-memory'] as const

export async function run(): Promise<void> {
  const perCases = new Map<number, Record<string, Figures>>()
  // Rounds outside, sizes inside: each round runs every size (in alternating order), so the 10,000- and 100,000-case
  // runs of one round are minutes apart under about the same load, and each round gives its own flatness (paired).
  const roundsBySize = new Map<number, Record<string, Figures>[]>(CASES.map((cases) => [cases, []]))
  for (let r = 0; r < ROUNDS; r += 1) {
    const sizes = r % 2 === 0 ? CASES : [...CASES].reverse()
    for (const cases of sizes) {
      const round: Record<string, Figures> = {}
      // Rotate the order each round so no side always runs first.
      for (let k = 0; k < SIDES.length; k += 1) {
        const side = SIDES[(k + r) % SIDES.length] as string
        round[side] = inProcess(WORKER, [side, String(cases)])
      }
      roundsBySize.get(cases)?.push(round)
    }
  }
  for (const cases of CASES) {
    const rounds = roundsBySize.get(cases) ?? []
    const m = medians(rounds)
    perCases.set(cases, m)
    const emmett = m['emmett'] as Figures
    const bare = m['bare'] as Figures
    console.log(`in memory, 5-command complaint workload, ${cases.toLocaleString('en-US')} cases, median of ${ROUNDS}; ${load()}`)
    console.log(compared('bare Map (decide + fold)', bare['perSecond'] ?? 0, emmett['perSecond'] ?? 0, 'cmds/s', { baselineName: 'emmett' }))
    for (const side of ['gridcase', 'gridcase-memory']) {
      const g = m[side] as Figures
      const name = side === 'gridcase' ? 'gridcase execute (reads + folds, as emmett)' : 'gridcase execute + stream memory (as HTTP)'
      console.log(compared(name, g['perSecond'] ?? 0, emmett['perSecond'] ?? 0, 'cmds/s', { baselineName: 'emmett', target: 1 }))
      console.log(compared(`  ${side} CPU µs/command`, g['cpuUs'] ?? 0, emmett['cpuUs'] ?? 0, 'µs', { baselineName: 'emmett', target: 1, higherIsBetter: false }))
      console.log(compared(`  ${side} peak RSS`, g['maxRssMb'] ?? 0, emmett['maxRssMb'] ?? 0, 'MB', { baselineName: 'emmett', target: 1, higherIsBetter: false }))
    }
    console.log(`  emmett: ${Math.round(emmett['perSecond'] ?? 0).toLocaleString('en-US')} cmds/s, ${(emmett['maxRssMb'] ?? 0).toFixed(0)} MB (its global position from a counter, not a recount of every stream)`)
  }
  const [small, large] = [CASES[0], CASES.at(-1)]
  if (small !== undefined && large !== undefined && small !== large) {
    console.log(`flatness, ${large.toLocaleString('en-US')} cases vs ${small.toLocaleString('en-US')} (cmds/s ratio; 1 is flat):`)
    for (const side of SIDES) {
      const a = perCases.get(small)?.[side]?.['perSecond'] ?? 0
      const b = perCases.get(large)?.[side]?.['perSecond'] ?? 0
      console.log(compared(side, b, a, 'cmds/s', { baselineName: `${small.toLocaleString('en-US')} cases`, ...(side.startsWith('gridcase') ? { target: 0.9 } : {}) }))
    }
    // A side's rate moves with the machine as well as with its heap (caches, GC of a larger heap, the load of the
    // moment): each gridcase side's flatness beside the bare Map's and emmett's, and the CPU per command, which the
    // load moves less than the rate (docs/scale.md, "Flat from 10k to 100k cases?").
    const flatness = (side: string, figure: string): number => (perCases.get(large)?.[side]?.[figure] ?? Number.NaN) / (perCases.get(small)?.[side]?.[figure] ?? Number.NaN)
    const [bare, emmett] = [flatness('bare', 'perSecond'), flatness('emmett', 'perSecond')]
    for (const side of ['gridcase', 'gridcase-memory']) {
      const own = flatness(side, 'perSecond')
      console.log(`  ${side} flatness ${own.toFixed(2)} beside the bare Map's ${bare.toFixed(2)} (ratio ${(own / bare).toFixed(2)}) and emmett's ${emmett.toFixed(2)} (ratio ${(own / emmett).toFixed(2)})`)
    }
    // Round by round: each round's 100,000-case rate over its own 10,000-case rate (the two minutes apart), and the
    // median of those: the flatness least moved by the load drifting between the sizes.
    console.log(`flatness round by round (${large.toLocaleString('en-US')} ÷ ${small.toLocaleString('en-US')} cases within each round; cmds/s, then CPU µs per command, all threads):`)
    for (const side of SIDES) {
      const paired = (figure: string): number[] =>
        (roundsBySize.get(large) ?? []).map((round, i) => (round[side]?.[figure] ?? Number.NaN) / (roundsBySize.get(small)?.[i]?.[side]?.[figure] ?? Number.NaN))
      const rates = paired('perSecond')
      const cpu = paired('cpuUs')
      const middle = (values: readonly number[]): number => {
        const sorted = [...values].sort((a, b) => a - b)
        const half = Math.floor(sorted.length / 2)
        return sorted.length % 2 === 1 ? (sorted[half] as number) : ((sorted[half - 1] as number) + (sorted[half] as number)) / 2
      }
      const target = side.startsWith('gridcase') ? `, target ≥ 0.90: ${middle(rates) >= 0.9 ? 'met' : 'NOT met'}` : ''
      console.log(`  ${side}: rate ${rates.map((x) => x.toFixed(2)).join(', ')}, median ${middle(rates).toFixed(2)}${target}; CPU ${cpu.map((x) => x.toFixed(2)).join(', ')}, median ${middle(cpu).toFixed(2)}`)
    }
    console.log(`CPU µs per command, ${large.toLocaleString('en-US')} cases vs ${small.toLocaleString('en-US')} (ratio; 1 is flat, above 1 costs more at ${large.toLocaleString('en-US')}):`)
    for (const side of SIDES) {
      for (const [figure, what] of [['cpuUs', 'all threads'], ['mainCpuUs', 'main thread']] as const) {
        const a = perCases.get(small)?.[side]?.[figure] ?? Number.NaN
        const b = perCases.get(large)?.[side]?.[figure] ?? Number.NaN
        if (Number.isFinite(a) && Number.isFinite(b)) console.log(compared(`${side}, ${what}`, b, a, 'µs', { baselineName: `${small.toLocaleString('en-US')} cases`, higherIsBetter: false }))
      }
    }
  }
}
