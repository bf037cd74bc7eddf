// What V8 does with the in-memory command path, read from its own traces (no timing): a second memory store in the
// process must not throw away the code compiled for the first (an integrator makes several: tests, tenants, a
// rebuild beside a live store), and folding a complaint must not widen a field's map on every event. Both were so
// (docs/scale.md, "In-memory commands beside emmett"): the first cost ~40 ms of CPU at the start of every second
// store, the second a runtime call on four events of every case.
// The fixtures load the built dist of @gridcase/core: run `npx tsc -b` first, or they test the last build.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const FIXTURE = fileURLToPath(new URL('./secondStore.fixture.ts', import.meta.url))
const CASE_MAPS = fileURLToPath(new URL('./caseMaps.fixture.ts', import.meta.url))

const traced = (flags: readonly string[]): { readonly before: string[]; readonly after: string[] } => {
  const child = spawnSync(process.execPath, [...flags, '--import', 'tsx', FIXTURE, '1500'], { encoding: 'utf8', maxBuffer: 1 << 28 })
  if (child.status !== 0) throw new Error(`fixture failed (${child.status}): ${child.stderr.slice(-2000)}`)
  const lines = child.stdout.split('\n')
  // A trace line may lack its newline and run into the marker: found by what the line holds.
  const mark = lines.findIndex((l) => l.includes('=== second store'))
  expect(mark).toBeGreaterThan(0)
  expect(lines.some((l) => l.includes('=== done'))).toBe(true)
  return { before: lines.slice(0, mark), after: lines.slice(mark + 1) }
}

describe('the in-memory command path under V8', () => {
  it('keeps the compiled handle, immediateOf and the store\'s append when a second memory store is made', () => {
    // Compiled on the main thread (no background compiler whose code a loaded machine installs late, after the marker),
    // so what was optimised for the first store does not depend on the load ("completed compiling" in that mode).
    const { before, after } = traced(['--trace-opt', '--trace-deopt', '--no-concurrent-recompilation'])
    // The claim means something only if the first store's commands got handle compiled.
    expect(before.some((l) => /completed (compiling|optimizing) .*<JSFunction handleNow /.test(l))).toBe(true)
    expect(before.some((l) => /completed (compiling|optimizing) .*<JSFunction immediateOf /.test(l))).toBe(true)
    const thrownAway = after.filter((l) => /(marking dependent code|bailout).*\b(handleNow|immediateOf|appendTo|appendToStream|append|readStream|notify)\b/.test(l))
    expect(thrownAway).toEqual([])
  }, 60_000)

  it('folds complaints without widening the case map on every event', () => {
    // Without Sparkplug: Node 20's V8 aborts (`Check failed: kind(cage_base) != CodeKind::BASELINE`) when it prints a
    // generalization whose top frame is baseline code, which a loaded machine's timing sometimes makes it (a clean-clone
    // CI run of 09de608's parent). Maps are generalized the same whichever tier runs the code.
    const { before, after } = traced(['--trace-generalization', '--no-sparkplug'])
    // 1,500 cases a store, four stamped events each: the old code widened `updatedAt` 6,000 times a store.
    const widened = [...before, ...after].filter((l) => l.includes('[generalizing]updatedAt:') && !l.includes('(field type generalization)'))
    expect(widened.length).toBeLessThan(20)
  }, 60_000)

  it('gives the cases one map after each command, not a map of its own to each case', () => {
    // A spread copy that adds a key (`{ ...s, status, acceptedAt }`) took a map of its own on every case: 0 of 500
    // accepted cases shared one (docs/scale.md, "Stable case shapes").
    const child = spawnSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', CASE_MAPS, '1500'], { encoding: 'utf8' })
    if (child.status !== 0) throw new Error(`fixture failed (${child.status}): ${child.stderr.slice(-2000)}`)
    const { of, shared, disputes } = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as { of: number; shared: Record<string, number>; disputes: Record<string, number> }
    expect(Object.keys(shared)).toEqual(['create', 'accept', 'dispatch', 'acknowledge', 'submit-result'])
    // Disputes, along the two ways a mediation ends: with the fold before withKeys (tests/support/disputeFoldBefore.ts)
    // 0 of 500 shared a map after the report, the routing, the fulfilment and the failure.
    expect(Object.keys(disputes)).toEqual([
      'agreed:report', 'agreed:risk', 'agreed:accept', 'agreed:route', 'agreed:assign', 'agreed:session', 'agreed:agree', 'agreed:fulfil', 'agreed:follow-up', 'agreed:close',
      'failed:report', 'failed:risk', 'failed:accept', 'failed:route', 'failed:assign', 'failed:session', 'failed:fail', 'failed:litigation', 'failed:close',
    ])
    // A map V8 replaces once (a field it widens) may part two neighbours; a map per case parts them all.
    for (const [route, same] of Object.entries({ ...shared, ...disputes })) expect(same, route).toBeGreaterThanOrEqual(of - 5)
  }, 60_000)
})

