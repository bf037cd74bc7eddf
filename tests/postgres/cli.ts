// What the PostgreSQL suites of the command line share: the CLI run in this process with its output captured, a
// one-off query, and a schema's tables with their row counts (what a read-only command must leave as it found it).
import { Writable } from 'node:stream'
import pg from 'pg'
import { runCli } from '../../packages/adapters/src/cli/run.js'

const collector = () => {
  let text = ''
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString()
      done()
    },
  })
  return { stream, text: () => text }
}

/** Runs the CLI in this process, as `gridcase …` would, with stdout and stderr captured. */
export const gridcase = async (...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  const out = collector()
  const err = collector()
  const code = await runCli(argv, { stdout: out.stream, stderr: err.stream })
  return { code, stdout: out.text(), stderr: err.text() }
}

/** One query on a connection of its own (as the superuser the suites connect as). */
export const sql = async <T extends pg.QueryResultRow>(url: string, text: string, params: unknown[] = []): Promise<T[]> => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<T>(text, params)).rows
  } finally {
    await client.end()
  }
}

/** Every table and its row count in a schema: what a read-only session must leave exactly as it found it. */
export const snapshot = async (url: string, schema: string): Promise<string> => {
  const tables = await sql<{ relname: string }>(url, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r' ORDER BY 1", [schema])
  const counts: string[] = []
  for (const { relname } of tables) {
    const [row] = await sql<{ n: string }>(url, `SELECT count(*)::text AS n FROM ${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(relname)}`)
    counts.push(`${relname}=${row?.n ?? '?'}`)
  }
  return counts.join(' ')
}
