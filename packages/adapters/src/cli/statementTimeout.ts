/**
 * DATABASE_STATEMENT_TIMEOUT_MS for the commands that open PostgreSQL, read as the server reads it (a whole number of
 * ms up to a day, 0 for no bound), each with the default its work calls for:
 *
 * - `quick`: a command an operator waits on, as a request (`calendar`, `erasure due` and `erase`): bounded by default
 *   as the server's requests are (30 s), so a lock another session holds is an error (exit 3) rather than a wait with
 *   no end.
 * - `batch`: a command that reads the whole log or all its files (`audit`, `attachments gc`): no bound by default, a
 *   page or a file taking what it takes; the variable, when set, bounds it too.
 *
 * `gridcase processes` does not read it: it runs the servers' background work (the scheduler, referral, webhooks), which
 * no server bounds either (a page cancelled at the bound is read again, for ever).
 */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000

export type CommandPace = 'quick' | 'batch'

/** The store's `statementTimeoutMs` for a command of `pace` (undefined: no bound), or what is wrong with the variable, naming it. */
export const statementTimeoutFor = (pace: CommandPace, raw: string | undefined = process.env['DATABASE_STATEMENT_TIMEOUT_MS']): { readonly ms: number | undefined } | { readonly problem: string } => {
  if (raw === undefined || raw === '') return { ms: pace === 'quick' ? DEFAULT_STATEMENT_TIMEOUT_MS : undefined }
  if (!/^\d{1,9}$/.test(raw) || Number(raw) > 86_400_000) {
    return { problem: `DATABASE_STATEMENT_TIMEOUT_MS: expected a whole number of milliseconds from 0 (no bound) to 86400000, got ${JSON.stringify(raw)}` }
  }
  const ms = Number(raw)
  return { ms: ms === 0 ? undefined : ms }
}

/** The statement bound as a pg pool's settings (the short pools a command opens beside its store: its schema checks). */
export const poolBound = (ms: number | undefined): { statement_timeout?: number } => (ms === undefined ? {} : { statement_timeout: ms })
