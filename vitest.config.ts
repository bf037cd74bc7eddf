import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const src = (path: string) => fileURLToPath(new URL(`./packages/${path}`, import.meta.url))

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
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
