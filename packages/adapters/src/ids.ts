import { v5, validate } from 'uuid'
import { randomPool } from './randomPool.js'

/**
 * Random bytes for this many ids are drawn at once, as Node's `randomUUID` does (its entropy cache). The pool lives in
 * the ordinary heap: Node's `randomUUID` would keep its cache in OpenSSL's secure heap under `--secure-heap`, which this
 * project does not use (its ids are not secrets: they name cases, events and commands).
 */
const BATCH = 128
const random = randomPool(16 * BATCH)
/** The id's text is written here, dashes in place, then read out as one string. */
const text = Buffer.from('00000000-0000-4000-8000-000000000000', 'latin1')
const HEX = Buffer.from('0123456789abcdef', 'latin1')
/** Where each of the 16 bytes' two hex digits go in the text (the dashes skipped). */
const AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34]

/**
 * The uuid v4 of the 16 bytes at `offset` (RFC 9562: the version nibble set to 4, the variant bits to 10), in lower
 * case: what the uuid package's `v4({ random })` and Node's `randomUUID` write for the same bytes. A RangeError when
 * the 16 bytes at `offset` are not all within `bytes` (or `offset` is not a whole number).
 */
export const uuidV4Of = (bytes: Uint8Array, offset = 0): string => {
  if (!Number.isInteger(offset) || offset < 0 || offset + 16 > bytes.length) {
    throw new RangeError(`uuidV4Of: offset ${offset} does not leave 16 bytes within ${bytes.length}`)
  }
  for (let i = 0; i < 16; i += 1) {
    let byte = bytes[offset + i] as number
    if (i === 6) byte = (byte & 0x0f) | 0x40
    else if (i === 8) byte = (byte & 0x3f) | 0x80
    const at = AT[i] as number
    text[at] = HEX[byte >> 4] as number
    text[at + 1] = HEX[byte & 0x0f] as number
  }
  return text.toString('latin1', 0, 36)
}

/**
 * A fresh random id (uuid v4), from random bytes drawn 128 ids at a time as Node's `randomUUID` does. Node's
 * `randomUUID` writes the text as 20 concatenated pieces (about 570 bytes of short-lived strings per id, and every
 * event sealed, command and request takes one); this writes it into a buffer and reads one string out (56 bytes).
 */
export const newId = (): string => {
  const at = random.draw(16)
  return uuidV4Of(random.buffer(), at)
}

const GRIDCASE_NAMESPACE = '5b0c6f6e-8d0a-4c4e-9a55-6772696463a5'

/** The same name always gives the same id (uuid v5): turns an Idempotency-Key into a stable case id. */
export const stableId = (name: string): string => v5(name, GRIDCASE_NAMESPACE)

export const isUuid = (value: string): boolean => validate(value)
