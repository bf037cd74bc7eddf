import type { BytesHash, Digest } from '@gridcase/core/audit'
import { hash } from 'node:crypto'

const nodeInput = Buffer.alloc(65)

/**
 * The digest as a fresh 32-byte array, from crypto.hash's 'binary' (latin1) output (one char per byte). Asking crypto.hash for
 * a 'buffer' costs about twice as much per call (a Buffer made in C++ with a backing store of its own, which the
 * GC then tracks as external memory) as a 32-char string copied here into a small on-heap array; and a Buffer.from
 * would be a view into a shared 8 KiB slab, which a kept digest (a chunk root) would pin. Two hashes per event.
 */
const digestOf = (latin1: string): Digest => {
  const out = new Uint8Array(32)
  for (let i = 0; i < 32; i += 1) out[i] = latin1.charCodeAt(i)
  return out
}

/** SHA-256 over bytes with Node's crypto (the tree log, on the main thread or its own). */
export const nodeSha256Bytes: BytesHash = (parts) => {
  // One-shot crypto.hash over one buffer: half the cost of a Hash object fed part by part (small inputs).
  const [first, second, third] = parts
  if (parts.length === 3 && first instanceof Uint8Array && first.length === 1 && second instanceof Uint8Array && second.length === 32 && third instanceof Uint8Array && third.length === 32) {
    // An interior node (0x01 ‖ left ‖ right), one per leaf on average: written into one reused buffer, hashed at once.
    nodeInput[0] = first[0] ?? 0
    nodeInput.set(second, 1)
    nodeInput.set(third, 33)
    return digestOf(hash('sha256', nodeInput, 'binary'))
  }
  if (parts.length === 2 && first instanceof Uint8Array && first.length === 1 && (first[0] ?? 0x80) < 0x80 && typeof second === 'string') {
    // A one-byte prefix below 0x80 is that same byte in UTF-8: the leaf hash without a copy of the leaf.
    return digestOf(hash('sha256', `${String.fromCharCode(first[0] ?? 0)}${second}`, 'binary'))
  }
  return digestOf(hash('sha256', Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : part))), 'binary'))
}
