/**
 * Is this a failure that goes away by itself — the server restarting, shutting down, or not reachable for a
 * moment — rather than one that a retry would only repeat (bad SQL, a missing table, a refused login)?
 * SQLSTATE class 08 (connection exception), 57P01–57P03 (shut down, crash shut down, cannot connect now),
 * the client's own errors for a connection that broke or was never made, and a statement over the store's time bound.
 */
export const isTransient = (error: unknown): boolean => {
  if (typeof error !== 'object' || error === null) return false
  const { code, message } = error as { code?: unknown; message?: unknown }
  if (typeof code === 'string') {
    if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03') return true
    if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN'].includes(code)) return true
  }
  // A statement over the store's bound (`statementTimeoutMs`): cancelled by the server (57014, "canceling statement due
  // to statement timeout"), or given up by the client when no answer came (a partition mid-query: "Query read timeout").
  if (code === '57014' && typeof message === 'string' && /statement timeout/.test(message)) return true
  return typeof message === 'string' && /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|^Query read timeout$/.test(message)
}
