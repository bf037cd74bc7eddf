// What each package's build (`tsc -b`, its tsconfig.json) compiles into its dist: its sources, never a test or a test
// helper (`*.test.ts`, `*.test-d.ts`, `fixtures.ts`: the helpers the suites beside them share, type-checked by
// tsconfig.tests.json). A helper a build takes in ships in the package and, importing vitest or a test's data, breaks
// or bloats it — as packages/http/src/routes/fixtures.ts would without the exclusion in packages/http/tsconfig.json.
// The files are tsc's own list (--listFilesOnly: the included ones and whatever they import), nothing written.
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))
const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url))

const compiled = (pkg: string) =>
  new Promise<string[]>((resolve, reject) =>
    execFile(process.execPath, [tsc, '-p', `packages/${pkg}/tsconfig.json`, '--listFilesOnly'], { cwd: root, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      error === null ? resolve(stdout.split('\n').filter((line) => line.includes(`/packages/${pkg}/src/`))) : reject(new Error(`${error.message}\n${stderr}`)),
    ),
  )

it('no package builds a test or a test helper (*.test.ts, *.test-d.ts, fixtures.ts) into its dist', async () => {
  const packages = ['core', 'adapters', 'http']
  const lists = await Promise.all(packages.map(compiled))
  // tsc listed the package's sources: index.ts among them.
  for (const [at, pkg] of packages.entries()) expect(lists[at]?.some((file) => file.endsWith(`/packages/${pkg}/src/index.ts`)), pkg).toBe(true)
  expect(lists.flat().filter((file) => /(\.test(-d)?\.ts|\/fixtures\.ts)$/.test(file))).toEqual([])
})
