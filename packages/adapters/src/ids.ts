import { v5, validate } from 'uuid'
import { randomPool } from './randomPool.js'

/**
 * Random bytes for this many ids are drawn at once, as Node's `randomUUID` does (its entropy cache). The pool lives in
 * the ordinary heap: Node's `randomUUID` would keep its cache in OpenSSL's secure heap under `--secure-heap`, which this
 * project does not use (its ids are not secrets: they name cases, events and commands).
 */
const BATCH = 128
const random = randomPool(10 * BATCH)
/** The id's text is written here, dashes in place, then read out as one string. */
const text = Buffer.from('00000000-0000-7000-8000-000000000000', 'latin1')
const HEX = Buffer.from('0123456789abcdef', 'latin1')
/** Where each of the 16 bytes' two hex digits go in the text (the dashes skipped). */
const AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34]

/**
 * The uuid v7 (RFC 9562 §5.7) of the Unix time `ms` and the 10 random bytes at `offset`: the time's 48 bits big-endian,
 * then the version nibble 7 and 12 random bits (rand_a), the variant bits 10 and 62 random bits (rand_b), in lower case.
 * A RangeError for a time that is not a whole number of milliseconds in 0..2^48−1, or an offset that does not leave 10
 * bytes within `bytes`.
 */
export const uuidV7Of = (ms: number, bytes: Uint8Array, offset = 0): string => {
  if (!Number.isInteger(ms) || ms < 0 || ms >= 2 ** 48) throw new RangeError(`uuidV7Of: ${ms} is not a Unix time in whole milliseconds`)
  if (!Number.isInteger(offset) || offset < 0 || offset + 10 > bytes.length) {
    throw new RangeError(`uuidV7Of: offset ${offset} does not leave 10 bytes within ${bytes.length}`)
  }
  const high = Math.floor(ms / 2 ** 32)
  const low = ms % 2 ** 32
  for (let i = 0; i < 16; i += 1) {
    let byte: number
    if (i < 2) byte = (high >> (8 * (1 - i))) & 0xff
    else if (i < 6) byte = Math.floor(low / 2 ** (8 * (5 - i))) & 0xff
    else {
      byte = bytes[offset + i - 6] as number
      if (i === 6) byte = (byte & 0x0f) | 0x70
      else if (i === 8) byte = (byte & 0x3f) | 0x80
    }
    const at = AT[i] as number
    text[at] = HEX[byte >> 4] as number
    text[at + 1] = HEX[byte & 0x0f] as number
  }
  return text.toString('latin1', 0, 36)
}

/**
 * A fresh id: a uuid v7, the time now in its first 48 bits and 74 random bits after (drawn 128 ids at a time, as Node's
 * `randomUUID` draws its own). Time-ordered, so what is keyed by an id made now — a case's stream id in the log's
 * (stream_id, version) index, its subjects' keys, the read models' case rows — goes in at the end of its index, where
 * a random (v4) id went into a random page of each: a group commit of 100 new cases wrote about twice the pages, and
 * the registrations' throughput doubled with time-ordered ids, sealed or not (bench: BENCH_SQLITE_PARTS=newcases).
 * The time it carries is when the case, event or command was made, which each of them records anyway. Written into a
 * buffer and read out as one string (Node's `randomUUID` writes 20 concatenated pieces).
 */
export const newId = (): string => {
  const at = random.draw(10)
  return uuidV7Of(Date.now(), random.buffer(), at)
}

const GRIDCASE_NAMESPACE = '5b0c6f6e-8d0a-4c4e-9a55-6772696463a5'

/** The same name always gives the same id (uuid v5): turns an Idempotency-Key into a stable case id. */
export const stableId = (name: string): string => v5(name, GRIDCASE_NAMESPACE)

export const isUuid = (value: string): boolean => validate(value)
