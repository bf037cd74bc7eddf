/** The signals that end a CLI run without 'exit' being emitted: Ctrl-C, a kill, a closed terminal. */
const ENDING_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

/**
 * Runs `cleanup` if the process is ended by SIGINT, SIGTERM or SIGHUP (which skip 'exit'), then lets it die of the same
 * signal as without the handler — once no other handler is left to decide (a server's own, or another cleanup's: the
 * last of them re-raises it). Returns the release, for a cleanup no longer needed.
 */
export const cleanupOnSignal = (cleanup: () => void): (() => void) => {
  const onSignal = (signal: NodeJS.Signals): void => {
    cleanup()
    release()
    if (ENDING_SIGNALS.every((s) => process.listenerCount(s) === 0)) process.kill(process.pid, signal)
  }
  const release = (): void => {
    for (const s of ENDING_SIGNALS) process.off(s, onSignal)
  }
  for (const s of ENDING_SIGNALS) process.on(s, onSignal)
  return release
}
