/** Where time comes from: the only place adapters read the clock. */
export interface Clock {
  /** Now, as an ISO 8601 timestamp. */
  now(): string
}

export const systemClock: Clock = { now: () => new Date().toISOString() }

/** A clock that stands still until moved: for tests and replays. */
export const manualClock = (start: string): Clock & { set(iso: string): void; advance(ms: number): void } => {
  let current = Date.parse(start)
  return {
    now: () => new Date(current).toISOString(),
    set: (iso) => {
      current = Date.parse(iso)
    },
    advance: (ms) => {
      current += ms
    },
  }
}
