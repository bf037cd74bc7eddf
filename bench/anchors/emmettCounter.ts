// emmett 0.42.0's in-memory event store, with its global position from a counter. As published, every append
// recounts every stream (`getAllEventsCount` sums the length of every stream: O(streams) per append), which makes
// a 100k-stream run measure that sum, not emmett. The bench therefore loads emmett's own built file with exactly
// that line replaced by a running count, kept by the one Map the store holds (its `set` adjusts the count), and
// says so beside its figures. Nothing of emmett is copied into this repository: the file is patched where npm put it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'

const RECOUNT = 'return Array.from(streams.values()).map((s) => s.length).reduce((p, c) => p + c, 0);'
const STREAMS = 'const streams = /* @__PURE__ */ new Map();'
/** A Map whose `set` keeps the total length of its arrays: what the recount computed, in O(1). */
const COUNTED = `const streams = new (class extends Map { total = 0; set(k, v) { this.total += v.length - (super.get(k)?.length ?? 0); return super.set(k, v) } })();`

/** The emmett module (its index.js) with the counter; throws if the published file no longer has the line. */
export const emmettWithCounter = async (): Promise<typeof import('@event-driven-io/emmett')> => {
  const require = createRequire(import.meta.url)
  const main = require.resolve('@event-driven-io/emmett')
  const index = join(dirname(main), 'index.js')
  const patched = join(dirname(main), 'index.gridcase-counter.js')
  if (!existsSync(patched)) {
    const source = readFileSync(index, 'utf8')
    if (!source.includes(RECOUNT) || !source.includes(STREAMS)) throw new Error(`emmett's ${index} no longer has the recount line: update bench/anchors/emmettCounter.ts`)
    writeFileSync(patched, source.replace(STREAMS, COUNTED).replace(RECOUNT, 'return streams.total;'))
  }
  return (await import(pathToFileURL(patched).href)) as typeof import('@event-driven-io/emmett')
}
