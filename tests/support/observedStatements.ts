import type Database from 'better-sqlite3'

/**
 * The database with every `all`/`get` of a statement prepared through it reported after it ran: its SQL text, what it
 * returned, how long it took (ms) and the parameters it ran with. Used to count the rows a read takes (tests) and to
 * time each statement (bench).
 */
export const observedStatements = (db: Database.Database, ran: (sql: string, out: unknown, ms: number, args: readonly unknown[]) => void): Database.Database =>
  new Proxy(db, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown
      if (prop !== 'prepare') return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
      return (sql: string) => {
        const statement = target.prepare(sql)
        return new Proxy(statement, {
          get(s, p) {
            const v = Reflect.get(s, p, s) as unknown
            if (typeof v !== 'function') return v
            if (p !== 'all' && p !== 'get') return (v as (...a: unknown[]) => unknown).bind(s)
            return (...args: unknown[]) => {
              const started = process.hrtime.bigint()
              const out = (v as (...a: unknown[]) => unknown).apply(s, args)
              ran(sql, out, Number(process.hrtime.bigint() - started) / 1e6, args)
              return out
            }
          },
        })
      }
    },
  })

/** How many rows a statement's `all` or `get` returned. */
export const rowsReturned = (out: unknown): number => (Array.isArray(out) ? out.length : out === undefined ? 0 : 1)

/**
 * How many rows a statement that reads one SELECT (its select list without a subquery) takes before it groups them: its
 * FROM and WHERE counted on `db` (not an observed one) with the parameters it ran with — what its sums read, where
 * `rowsReturned` counts the groups.
 */
export const rowsTaken = (db: Database.Database, sql: string, args: readonly unknown[]): number => {
  const from = /\bFROM\b/.exec(sql)
  if (from === null) return 0
  const grouped = sql.lastIndexOf('GROUP BY')
  const body = sql.slice(from.index, grouped < from.index ? undefined : grouped)
  return (db.prepare(`SELECT count(*) AS n ${body}`).get(...args) as { n: number }).n
}
