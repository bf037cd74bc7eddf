// The server bin (from source), then a line naming the CommonJS packages the process has loaded once it listens
// (the bin awaits the start at its top level, so this import resolves only then). For tests/http/startup-modules.test.ts.
import { createRequire } from 'node:module'

await import('../../../packages/http/src/bin/server.js')
// The package of a path is the one after its last node_modules/ (the greedy `.*` finds it).
const loaded = new Set(Object.keys(createRequire(import.meta.url).cache).flatMap((path) => /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1] ?? []))
console.log(`loaded packages: ${JSON.stringify([...loaded].sort())}`)
