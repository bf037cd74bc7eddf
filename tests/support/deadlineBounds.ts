import type Database from 'better-sqlite3'

/** A bound a statement puts on `deadline` (`deadline < ?` and the like) and the value it ran with. */
interface Bound {
  readonly op: '<' | '<=' | '>' | '>='
  readonly value: number
}

/** The bounds on `deadline` in a statement's text, with the parameters it ran with. */
const deadlineBounds = (sql: string, args: readonly unknown[]): Bound[] =>
  sql
    .split('?')
    .slice(0, -1)
    .flatMap((before, i) => {
      const op = /\bdeadline\s*(<=|<|>=|>)\s*$/.exec(before)?.[1] as Bound['op'] | undefined
      return op === undefined ? [] : [{ op, value: args[i] as number }]
    })

const looser = (a: Bound, b: Bound, lower: boolean): Bound => (a.value === b.value ? (a.op.length > b.op.length ? a : b) : (a.value < b.value) === lower ? a : b)
const tighter = (a: Bound, b: Bound, lower: boolean): Bound => (looser(a, b, lower) === a ? b : a)

/**
 * The late rounds (rated deadlines) a statement reading them one by one may walk and those it admits: SQLite walks the
 * deadline index from one lower bound to one upper bound, and given two of either (a period's start and the watermark's
 * bound; a period's end and asOf) it may walk by the looser. `walked` counts the rated deadlines between the loosest
 * bounds, `admitted` those between the tightest; a statement with one of each walks what it admits. Undefined for a
 * statement without a lower and an upper bound on the deadline.
 */
export const lateRoundsWalked = (db: Database.Database, sql: string, args: readonly unknown[]): { readonly walked: number; readonly admitted: number } | undefined => {
  const bounds = deadlineBounds(sql, args)
  const lower = bounds.filter((b) => b.op.startsWith('>'))
  const upper = bounds.filter((b) => b.op.startsWith('<'))
  if (lower.length === 0 || upper.length === 0) return undefined
  const count = (from: Bound, to: Bound): number =>
    (db.prepare(`SELECT count(*) AS n FROM dashboard_deadlines WHERE rated = 1 AND deadline ${from.op} ? AND deadline ${to.op} ?`).get(from.value, to.value) as { n: number }).n
  return {
    walked: count(lower.reduce((a, b) => looser(a, b, true)), upper.reduce((a, b) => looser(a, b, false))),
    admitted: count(lower.reduce((a, b) => tighter(a, b, true)), upper.reduce((a, b) => tighter(a, b, false))),
  }
}
