// A diagnostic, not a bench (not run by `npm run bench`): CPU per call of `maskPersonalDataAndNames` on a typical
// complaint's state (the happy path to `notified`: what a masked reader's every command answer and case view mask),
// its description without a number in it, with two (a mobile and an id number typed by the hotline), with the other
// forms (full-width, an area code in brackets, a card, a label) and a long one without a number, for this tree's core
// and another's, interleaved in one run.
//
// `npx tsx bench/maskText.ts [before/mask.ts]`: the other build's `packages/core/src/privacy/mask.ts` (default: none,
// this tree only), e.g. main's sources unpacked with `git archive main packages/core/src | tar -x -C /tmp/main`. Both
// are loaded from source through tsx, so both are compiled alike. Per round and build: CALLS calls after WARM calls,
// CPU from process.cpuUsage (user + system, µs per call: load-independent unless the machine steals the core), rounds
// alternate the builds' order; prints each figure's median over ROUNDS and the load average.
//
// Env: CALLS (20000), WARM (20000), ROUNDS (9).
import { loadavg } from 'node:os'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { historyUntil } from '../packages/core/src/complaint/fixtures.js'
import { median } from './anchors/runs.js'

type Mask = <T>(value: T, names: readonly string[]) => T
interface MaskModule {
  readonly maskPersonalDataAndNames: Mask
  readonly peopleNamed: (state: unknown) => string[]
}

const CALLS = Number(process.env.CALLS ?? 20000)
const WARM = Number(process.env.WARM ?? 20000)
const ROUNDS = Number(process.env.ROUNDS ?? 9)
const load = (): string => loadavg().map((n) => n.toFixed(2)).join(', ')

const builds: [string, MaskModule][] = [['this tree', (await import('../packages/core/src/privacy/mask.js')) as MaskModule]]
const before = process.argv[2]
if (before !== undefined) builds.unshift([`before (${before})`, (await import(pathToFileURL(resolve(before)).href)) as MaskModule])

const plain = historyUntil('notified').state as Record<string, unknown>
const withNumbers = { ...plain, description: '3号楼2单元暖气一周不热，请联系我 13912345678，身份证 110105199001011234。' }
// The forms only this branch masks (main's build leaves them as written): a full-width mobile, a landline with its area
// code in brackets, a bank card in groups of 4, a mobile glued to a label.
const otherForms = { ...plain, description: '暖气不热，请联系我１３９１２３４５６７８或（0471）4567890，退款卡号 6222 0212 3456 7894，TEL13912345678。' }
// A long description (1,825 characters) with dates, amounts, brackets and full-width digits but no number: the
// pre-filter's cost, character by character.
const longPlain = { ...plain, description: '（2026）蒙0105民特7号：3号楼2单元暖气自2026-11-20起不热，维修费５０００元（已付1200元），物业称(2) 12月2日前修好。'.repeat(25) }
// A local number (no area code) right after a phone label: masked since s20 (before: left as written).
const labelledLocal = { ...plain, description: '3号楼2单元暖气一周不热，物业电话 6612345，座机：6612-3456，维修费5000元。' }
const states: [string, Record<string, unknown>][] = [
  ['no number in the text', plain],
  ['a mobile and an id in the description', withNumbers],
  ['full-width, brackets, a card, a label', otherForms],
  ['a long description without a number', longPlain],
  ['a local number after a phone label', labelledLocal],
]

const cpuPerCall = (mask: MaskModule, state: Record<string, unknown>): number => {
  const names = mask.peopleNamed(state)
  let sink = 0
  for (let i = 0; i < WARM; i += 1) sink += Object.keys(mask.maskPersonalDataAndNames(state, names)).length
  const start = process.cpuUsage()
  for (let i = 0; i < CALLS; i += 1) sink += Object.keys(mask.maskPersonalDataAndNames(state, names)).length
  const used = process.cpuUsage(start)
  if (sink === 0) throw new Error('nothing masked')
  return (used.user + used.system) / CALLS
}


console.log(`maskPersonalDataAndNames on a complaint's state (${Object.keys(plain).length} keys), ${CALLS} calls × ${ROUNDS} rounds, load ${load()}`)
for (const [label, state] of states) {
  const figures = new Map<string, number[]>(builds.map(([name]) => [name, []]))
  for (let round = 0; round < ROUNDS; round += 1) {
    const order = round % 2 === 0 ? builds : [...builds].reverse()
    for (const [name, mask] of order) figures.get(name)?.push(cpuPerCall(mask, state))
  }
  for (const [name] of builds) {
    const xs = figures.get(name) ?? []
    console.log(`  ${label.padEnd(40)} ${name.padEnd(60)} ${median(xs).toFixed(2)} µs CPU/call (min ${Math.min(...xs).toFixed(2)}, max ${Math.max(...xs).toFixed(2)})`)
  }
  const example = builds.at(-1)?.[1]
  if (example !== undefined) console.log(`    description shown: ${String(example.maskPersonalDataAndNames(state, example.peopleNamed(state)).description).slice(0, 100)}`)
}
console.log(`load ${load()}`)
