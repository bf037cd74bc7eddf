// What every anchor bench shares: sides run in their own processes, interleaved round by round (the machine is
// shared, so drift hits every side alike), medians of the rounds, and each figure printed beside its baseline.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'

/** A child's one-line JSON report. */
export type Figures = Record<string, number>

/** Runs `script` (a .ts file, through tsx) with `args` in a fresh process and parses its last output line. */
export const inProcess = (script: string, args: readonly string[], options: { readonly nodeArgs?: readonly string[] } = {}): Figures => {
  const child = spawnSync(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', script, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 })
  if (child.status !== 0) throw new Error(`${script} ${args.join(' ')} failed (${child.status}): ${child.stderr.slice(-2000)}`)
  const last = child.stdout.trim().split('\n').at(-1) ?? ''
  return JSON.parse(last) as Figures
}

export const median = (xs: readonly number[]): number => {
  if (xs.length === 0) return Number.NaN
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}

/** Per side, the median of each figure over the rounds. */
export const medians = (rounds: readonly Record<string, Figures>[]): Record<string, Figures> => {
  const out: Record<string, Figures> = {}
  for (const side of Object.keys(rounds[0] ?? {})) {
    const figures: Figures = {}
    for (const key of Object.keys(rounds[0]?.[side] ?? {})) figures[key] = median(rounds.map((r) => r[side]?.[key] ?? Number.NaN))
    out[side] = figures
  }
  return out
}

export const load = (): string => `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`

const n = (x: number): string => (Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1))

/** One line: a figure beside its baseline, the ratio (higher is better when `higherIsBetter`), and the target it is held to. */
export const compared = (
  what: string,
  value: number,
  baseline: number,
  unit: string,
  options: { readonly target?: number; readonly higherIsBetter?: boolean; readonly baselineName: string },
): string => {
  const ratio = value / baseline
  const better = options.higherIsBetter ?? true
  const verdict =
    options.target === undefined ? '' : (better ? ratio >= options.target : ratio <= options.target) ? `  target ${better ? '≥' : '≤'} ${options.target.toFixed(2)}: met` : `  target ${better ? '≥' : '≤'} ${options.target.toFixed(2)}: NOT met`
  return `  ${what.padEnd(52)} ${n(value).padStart(9)} ${unit}  vs ${options.baselineName} ${n(baseline).padStart(9)}  ratio ${ratio.toFixed(2)}${verdict}`
}

/**
 * CPU µs the main thread has used (Linux: /proc/self/task/<pid>/stat, in clock ticks of 10 ms; NaN elsewhere). Unlike
 * wall time, it does not move when another process takes the cores, and unlike process.cpuUsage it leaves out the
 * tree's thread and V8's helper threads.
 */
export const mainThreadCpuUs = (): number => {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10_000
  } catch {
    return Number.NaN
  }
}
