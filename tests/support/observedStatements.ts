import type Database from 'better-sqlite3'

/**
 * The database with every `all`/`get` of a statement prepared through it reported after it ran: its SQL text, what it
 * returned and how long it took (ms). Used to count the rows a read takes (tests) and to time each statement (bench).
 */
export const observedStatements = (db: Database.Database, ran: (sql: string, out: unknown, ms: number) => void): Database.Database =>
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
              ran(sql, out, Number(process.hrtime.bigint() - started) / 1e6)
              return out
            }
          },
        })
      }
    },
  })

/** How many rows a statement's `all` or `get` returned. */
export const rowsReturned = (out: unknown): number => (Array.isArray(out) ? out.length : out === undefined ? 0 : 1)
