/** Where time comes from: the only place adapters read the clock. */
export interface Clock {
  /** Now, as an ISO 8601 timestamp. */
  now(): string
}

// Stores stamp every append: within one millisecond the text is the same, so it is formatted once per
// millisecond (a Date and its ISO text per append were ~3% of an in-memory command) and shared.
let lastMs = Number.NaN
let lastIso = ''

/** The machine's clock, in milliseconds as `Date.toISOString` writes them. */
export const systemClock: Clock = {
  now: () => {
    const ms = Date.now()
    if (ms !== lastMs) {
      lastIso = new Date(ms).toISOString()
      lastMs = ms
    }
    return lastIso
  },
}

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
