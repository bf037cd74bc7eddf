// core's `oldestKey` keeps one iterator over a bounded map, and a V8 iterator holds on to the table it was made over
// until it moves again: cleared or outgrown entries would stay reachable through it. What the map lets go of must be
// collectable — above all an erased subject's opened events and destroyed keys. Checked with a WeakRef and a forced GC.
import { oldestKey } from '@gridcase/core'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/** Whether the object `make` puts in the map is still alive after `drop` and a full GC (it is held only by the map). */
const survives = async (drop: (map: Map<string, object>, oldest: ReturnType<typeof oldestKey<string>>) => void): Promise<boolean> => {
  const map = new Map<string, object>()
  const oldest = oldestKey(map)
  // Past the bound once, so the iterator exists and has moved; then the watched value, then more (the table grows).
  for (let i = 0; i < 40; i += 1) {
    map.set(`k${i}`, { i })
    if (map.size > 32) map.delete(oldest.next() as string)
  }
  let ref: WeakRef<object>
  ;(() => {
    const value = { secret: '欧阳淑芬' }
    ref = new WeakRef(value)
    map.set('watched', value)
  })()
  for (let i = 40; i < 200; i += 1) map.set(`more${i}`, { i })
  drop(map, oldest)
  for (let i = 0; i < 10; i += 1) map.set(`after${i}`, { i })
  await new Promise((resolve) => setImmediate(resolve))
  gc()
  gc()
  return ref!.deref() !== undefined
}

describe('oldestKey lets go of what the map let go of', () => {
  it('a map cleared through oldestKey.clear() keeps none of its entries reachable', async () => {
    expect(await survives((_, oldest) => oldest.clear())).toBe(false)
  })

  it('a value deleted and then let go of with reset() is collectable (a destroyed key)', async () => {
    expect(
      await survives((map, oldest) => {
        map.delete('watched')
        oldest.reset()
      }),
    ).toBe(false)
  })

  it('the check can fail: a plain map.clear(), or a delete without reset(), under a kept iterator leaves the value reachable', async () => {
    expect(await survives((map) => map.clear())).toBe(true)
    expect(await survives((map) => void map.delete('watched'))).toBe(true)
  })
})
