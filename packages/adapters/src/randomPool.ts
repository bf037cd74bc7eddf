import { randomBytes } from 'node:crypto'

/**
 * Random bytes drawn from the system's generator `size` at a time (one call per `size` bytes, not one per draw), and
 * handed out in order, each byte once. A draw that does not fit in what is left of the pool's buffer takes a new
 * buffer and starts at its beginning (the rest of the old one is never handed out). A buffer is never rewritten: a
 * refill makes a new one, so the bytes a draw was given stay as they were for as long as the caller holds them.
 * The buffers live in the ordinary heap (not OpenSSL's secure heap, which the project does not use).
 */
export interface RandomPool {
  /** `n` random bytes no earlier draw was given: a view of the pool's buffer (copy them to keep them apart from it). */
  take(n: number): Buffer
  /**
   * The same draw without making a view: the offset of the `n` bytes in `buffer()`, which must be read after this
   * call (a draw may have refilled it).
   */
  draw(n: number): number
  /** The buffer the last draw was made from. */
  buffer(): Buffer
}

/** A pool of `size` bytes at a time; `source` is the generator (the system's by default; a test gives its own). */
export const randomPool = (size: number, source: (n: number) => Buffer = randomBytes): RandomPool => {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`randomPool: size ${size} is not a positive whole number`)
  let bytes: Buffer = Buffer.alloc(0)
  let at = 0
  const draw = (n: number): number => {
    if (!Number.isInteger(n) || n < 1 || n > size) throw new RangeError(`randomPool: cannot draw ${n} bytes from a pool of ${size}`)
    if (at + n > bytes.length) {
      bytes = source(size)
      if (bytes.length !== size) throw new Error(`randomPool: the source gave ${bytes.length} bytes, not ${size}`)
      at = 0
    }
    at += n
    return at - n
  }
  return {
    take: (n) => {
      const from = draw(n)
      return bytes.subarray(from, from + n)
    },
    draw,
    buffer: () => bytes,
  }
}
