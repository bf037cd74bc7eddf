// The `gridcase` CLI as a child process, for the tests of what the CLI does (not of tsx). When `tsc -b` has built
// core and adapters since their last source change (`npm test` builds first), the compiled bin: one node process. Else
// the sources through tsx, as before: tsx's command and its node child, and a transform. Measured 2026-12-02 (one
// `audit verify`, CPU user+sys): about 1.0 s built, 2.4 s through tsx; the CLI suites spawn it about a hundred times.
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** The newest modification time of a package's compiled sources (tests, type tests and fixtures.ts are not built). */
const newestSource = (dir: string): number => {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path))
    else if (!/(\.test(-d)?\.ts|^fixtures\.ts)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}

const builtPackages = new Map<string, boolean>()

/**
 * True when each package named (by default those the CLI is made of: core, adapters) was built after its newest source
 * file changed; asked once per package in a test file.
 */
export const builtAfterSources = (names: readonly string[] = ['core', 'adapters']): boolean =>
  names.every((name) => {
    let fresh = builtPackages.get(name)
    if (fresh === undefined) {
      const built = statSync(join(root, 'packages', name, 'dist/.tsbuildinfo'), { throwIfNoEntry: false })?.mtimeMs
      fresh = built !== undefined && built >= newestSource(join(root, 'packages', name, 'src'))
      builtPackages.set(name, fresh)
    }
    return fresh
  })

/** The command and leading arguments that run `gridcase` (append the CLI's own arguments). */
export const gridcaseBin = (): readonly [string, readonly string[]] => {
  const built = builtAfterSources()
  return built
    ? [process.execPath, [join(root, 'packages/adapters/dist/cli/main.js')]]
    : [join(root, 'node_modules/.bin/tsx'), ['--tsconfig', join(root, 'tsconfig.tests.json'), join(root, 'packages/adapters/src/cli/main.ts')]]
}
