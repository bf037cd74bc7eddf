/**
 * The dispatcher's signers, by secret, kept only while their secret still signs: built once and used by every
 * delivery of a pass (and of the next: a secret that did not change is not decoded again for every delivery), dropped
 * once neither the current pass nor the one before used them — a rotated secret's predecessor after its overlap
 * window, a deleted subscription's secret — so a heap dump or core file of the server does not hold revoked secrets
 * for the process's life. At most `max` are held (the oldest pass's dropped first, then this one's).
 */
export interface SignerCache<S> {
  /** The signer of `secret`: this pass's, the one before's (kept on), or a new one. */
  of(secret: string): S
  /** A new pass begins: what the pass before the one that just ended used, and this one has not, is dropped. */
  turn(): void
  /** Drops every signer (the dispatcher stopped). */
  clear(): void
  /** Whether a signer of `secret` is held; how many are. */
  has(secret: string): boolean
  readonly size: number
}

export const signerCache = <S>(make: (secret: string) => S, max: number): SignerCache<S> => {
  let current = new Map<string, S>()
  let previous = new Map<string, S>()
  return {
    of: (secret) => {
      const held = current.get(secret)
      if (held !== undefined) return held
      const signer = previous.get(secret) ?? make(secret)
      previous.delete(secret)
      if (current.size + previous.size >= max) {
        previous.clear()
        if (current.size >= max) current.clear()
      }
      current.set(secret, signer)
      return signer
    },
    turn: () => {
      previous = current
      current = new Map()
    },
    clear: () => {
      current.clear()
      previous.clear()
    },
    has: (secret) => current.has(secret) || previous.has(secret),
    get size() {
      return current.size + previous.size
    },
  }
}
