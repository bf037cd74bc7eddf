import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url))

export default defineConfig({
  resolve: {
    alias: {
      '@gridcase/core': src('core'),
      '@gridcase/adapters': src('adapters'),
      '@gridcase/http': src('http'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'tests/**/*.test.ts', 'examples/**/*.test.ts', 'bench/**/*.test.ts'],
    // One throwaway PostgreSQL 15 for the run (or DATABASE_URL's server): tests/postgres/globalSetup.ts.
    globalSetup: ['tests/postgres/globalSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
