// vitest global setup: one throwaway PostgreSQL 15 for every PostgreSQL suite of the run, or the server
// DATABASE_URL names. Suites get the connection string with `inject('postgresUrl')` (tests/postgres/database.ts).
// Without binaries outside CI the PostgreSQL suites skip with the reason; in CI (CI set) a missing server fails the run.
import type { TestProject } from 'vitest/node'
import { postgresMissing, startPostgres } from './server.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The PostgreSQL server's connection string, or '' when none (see `postgresSkip`). */
    postgresUrl: string
    /** Why the PostgreSQL suites skip, or '' when they run. */
    postgresSkip: string
  }
}

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  const given = process.env.DATABASE_URL
  if (given !== undefined && given !== '') {
    project.provide('postgresUrl', given)
    project.provide('postgresSkip', '')
    return undefined
  }
  const missing = postgresMissing()
  if (missing !== undefined) {
    if (process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false') throw new Error(`CI needs PostgreSQL: ${missing}`)
    project.provide('postgresUrl', '')
    project.provide('postgresSkip', `skipped: ${missing}; or set DATABASE_URL to an existing server`)
    return undefined
  }
  const server = await startPostgres()
  project.provide('postgresUrl', server.url)
  project.provide('postgresSkip', '')
  return () => server.destroy()
}
