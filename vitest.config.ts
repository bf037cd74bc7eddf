import { availableParallelism } from 'node:os'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

const src = (path: string) => fileURLToPath(new URL(`./packages/${path}`, import.meta.url))

const root = fileURLToPath(new URL('.', import.meta.url))

// The files that took longest in a whole run, longest first (CONTRIBUTING.md, "Where the suite's time goes"). A clean
// clone has no timings cached and vitest then starts the largest files first, so one of these could start last.
// The first five as the last clean clone's CI run measured them (370 files, 959 s): read-models 138–198 s, audit-readonly
// 65 s, load 39 s, dashboard-rows 36 s, sqlite-thread 42 s (a quarter less since it runs the built store, measured alone).
const slowest = [
  'tests/postgres/read-models.test.ts',
  'tests/audit-readonly.test.ts',
  'tests/http/load.test.ts',
  'tests/postgres/dashboard-rows.test.ts',
  'tests/store-conformance/sqlite-thread.test.ts',
  'tests/http/webhooks.test.ts',
  'packages/adapters/src/audit/treeThread.test.ts',
  'tests/store-conformance/postgres.test.ts',
  'tests/http/referral.test.ts',
  'tests/crash/postgres-crash.test.ts',
  'tests/crash/sqlite-crash.test.ts',
  'tests/browser/dashboard.test.ts',
  'tests/evaluation-cli.test.ts',
  'tests/http/first-start.test.ts',
  // Four servers and the processes CLI, 100 cases opened over HTTP and re-based (125–300 s at load average 30 through tsx,
  // 2026-12-02; 34 s at load average 11 built, 2026-12-07).
  'tests/http/calendar-rebase-crash.test.ts',
  'tests/perf/v8-shapes.test.ts',
  'packages/adapters/src/webhooks/store.test.ts',
  'tests/audit-cli.test.ts',
]

/** vitest's order (failed, then longest by cached timings, then largest), with the known slowest files moved to the front. */
class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const at = slowest.indexOf(relative(root, file.moduleId))
      return at === -1 ? slowest.length : at
    }
    return (await super.sort(files)).map((file, at) => ({ file, at })).sort((a, b) => rank(a.file) - rank(b.file) || a.at - b.at).map(({ file }) => file)
  }
}

export default defineConfig({
  resolve: {
    // Exact matches first: '@gridcase/core' must not swallow its subpaths ('@gridcase/core/complaint' → src/complaint/index.ts).
    alias: [
      { find: /^@gridcase\/core$/, replacement: src('core/src/index.ts') },
      { find: /^@gridcase\/core\/([\w-]+)$/, replacement: src('core/src/$1/index.ts') },
      { find: /^@gridcase\/adapters$/, replacement: src('adapters/src/index.ts') },
      { find: /^@gridcase\/adapters\/embedded$/, replacement: src('adapters/src/embedded.ts') },
      { find: /^@gridcase\/adapters\/postgres$/, replacement: src('adapters/src/postgres/index.ts') },
      { find: /^@gridcase\/http$/, replacement: src('http/src/index.ts') },
    ],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'tests/**/*.test.ts', 'examples/**/*.test.ts', 'bench/**/*.test.ts'],
    // One throwaway PostgreSQL 15 for the run (or DATABASE_URL's server): tests/postgres/globalSetup.ts.
    globalSetup: ['tests/postgres/globalSetup.ts'],
    // vitest's default is cores - 1, one worker on the 2-core CI machine: every file in turn, while most of the slow
    // ones wait on child processes, servers, PostgreSQL and fsync. Two at least overlap those waits (CONTRIBUTING.md).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    sequence: { sequencer: SlowestFirst },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
